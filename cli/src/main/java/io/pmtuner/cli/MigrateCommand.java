package io.pmtuner.cli;

import io.pmtuner.job.config.JobConfig;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.db.SchemaMigrator;

/**
 * Applies the schema migrations on their own, as the role that owns the schema, so that the job can
 * run as a role that may only write its tables ({@code --db.migrate false}; README, "Database roles").
 *
 * <pre>java -cp pm-tuner-local.jar io.pmtuner.cli.MigrateCommand --jdbc-url URL --jdbc-user OWNER</pre>
 */
@Command(name = "pm-tuner-migrate", mixinStandardHelpOptions = true,
        description = "Applies pm-tuner's schema migrations. The password is read from $" + JobConfig.PASSWORD_ENV + ".")
public class MigrateCommand implements Callable<Integer> {
    @Option(names = "--jdbc-url", required = true, paramLabel = "URL", description = "PostgreSQL JDBC URL.")
    String url;

    @Option(names = "--jdbc-user", paramLabel = "NAME", description = "A role that may create the tables.")
    String user;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MigrateCommand()).execute(args));
    }

    @Override
    public Integer call() {
        SchemaMigrator.migrate(new JdbcSettings(url, user, System.getenv(JobConfig.PASSWORD_ENV)));
        return 0;
    }
}
