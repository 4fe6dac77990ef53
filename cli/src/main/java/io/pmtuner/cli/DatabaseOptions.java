package io.pmtuner.cli;

import io.pmtuner.job.config.JobConfig;
import io.pmtuner.job.db.JdbcSettings;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where the tables of a run are, for the commands that only read them (report, whatif). */
public final class DatabaseOptions {
    @Option(names = "--jdbc-url", required = true, paramLabel = "URL",
            description = "PostgreSQL JDBC URL of the run's tables (the local run prints it: jdbc:postgresql://localhost:54329/postgres).")
    public String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "NAME", description = "Database role (password from $" + JobConfig.PASSWORD_ENV + ").")
    String jdbcUser;

    @Option(names = "--db.schema", paramLabel = "NAME", description = "PostgreSQL schema of the tables (default: the role's, public).")
    String dbSchema;

    /** The connection settings, after the same checks a run makes (no password in the URL, a plain schema name). */
    public JdbcSettings settings(CommandLine cl) {
        JobConfig.validateDatabase(cl, jdbcUrl, dbSchema);
        return new JdbcSettings(jdbcUrl, jdbcUser, System.getenv(JobConfig.PASSWORD_ENV), dbSchema);
    }
}
