package io.pmtuner.cli;

import io.pmtuner.job.db.SchemaMigrator;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code pm-tuner-local.jar migrate}: applies the schema migrations on their own, as the role that owns
 * the schema, so that the job can run as a role that may only write its tables ({@code --db.migrate
 * false}; docs/operations.md, "Database roles"). Without {@code --jdbc-url} it creates the local run's
 * database if there is none yet, so that controls can be recorded before the first run.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Applies pm-tuner's schema migrations to the database (as a role that may create the tables).")
public class MigrateCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DatabaseOptions db = new DatabaseOptions();

    @Override
    public Integer call() throws Exception {
        // without --jdbc-url, the local run's database, created when there is none yet
        try (LocalDatabase.Opened opened = db.open(spec.commandLine(), true)) {
            var result = SchemaMigrator.migrate(opened.settings());
            spec.commandLine().getOut().println("schema at version " + result.version() + " (" + result.applied() + " migrations applied now)");
        }
        return 0;
    }
}
