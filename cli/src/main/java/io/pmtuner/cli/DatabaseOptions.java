package io.pmtuner.cli;

import io.pmtuner.job.config.JobConfig;
import io.pmtuner.job.db.JdbcSettings;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;

/**
 * Where the tables of a run are, for the commands that work on them (report, whatif, control,
 * migrate): a server ({@code --jdbc-url}), or without one the local run's embedded database.
 */
public final class DatabaseOptions {
    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "PostgreSQL JDBC URL of the run's tables (default: the local run's embedded database, see --data-dir).")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "NAME", description = "Database role (password from $" + JobConfig.PASSWORD_ENV + ").")
    String jdbcUser;

    @Option(names = "--db.schema", paramLabel = "NAME", description = "PostgreSQL schema of the tables (default: the role's, public).")
    String dbSchema;

    @Mixin
    LocalDatabase local = new LocalDatabase();

    /**
     * The tables, after the same checks a run makes (no password in the URL, a plain schema name): the
     * given server's, or the local run's (started for the command when it is not running), closed after.
     */
    public LocalDatabase.Opened open(CommandLine cl) throws IOException {
        return open(cl, false);
    }

    /** As {@link #open(CommandLine)}; with {@code create}, the local database is created when there is none yet. */
    public LocalDatabase.Opened open(CommandLine cl, boolean create) throws IOException {
        JobConfig.validateDatabase(cl, jdbcUrl, dbSchema);
        if (jdbcUrl == null) {
            LocalDatabase.Opened o = local.open(cl, create);
            return new LocalDatabase.Opened(o.server(), o.settings().inSchema(dbSchema));
        }
        return new LocalDatabase.Opened(null, new JdbcSettings(jdbcUrl, jdbcUser, System.getenv(JobConfig.PASSWORD_ENV), dbSchema));
    }
}
