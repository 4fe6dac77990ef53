package io.pmtuner.job.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the versioned migrations in {@code db/migration} before the job starts writing. */
public final class SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {}

    /** What a migration did: the schema's version after it, and how many migrations it applied. */
    public record Migrated(String version, int applied) {}

    public static Migrated migrate(JdbcSettings db) {
        Flyway flyway = flyway(db);
        MigrateResult r = call(flyway::migrate, "migrate", db);
        // with nothing to apply Flyway names no target: the schema is at the version it already had
        String version = r.targetSchemaVersion != null ? r.targetSchemaVersion : String.valueOf(flyway.info().current().getVersion());
        LOG.info("Schema at version {} ({} migrations applied now) on {}", version, r.migrationsExecuted, db);
        return new Migrated(version, r.migrationsExecuted);
    }

    /**
     * For a role that may not change the schema (README, "Database roles"): checks that every
     * migration of this build has been applied, and fails with a clear message if not.
     */
    public static void requireCurrent(JdbcSettings db) {
        Flyway flyway = flyway(db);
        ValidateResult r = call(flyway::validateWithResult, "check", db);
        if (!r.validationSuccessful) {
            throw new IllegalStateException("The schema on " + db + " is not at this build's version; run the migrate command (java -jar pm-tuner-local.jar migrate)"
                    + " as a role that owns the schema (README, \"Database roles\"): " + r.getAllErrorMessages());
        }
        LOG.info("Schema at version {} on {} (not migrated by the job)", flyway.info().current().getVersion(), db);
    }

    /** Flyway's {@code action}, failing with one line that names the database. */
    private static <T> T call(java.util.function.Supplier<T> action, String verb, JdbcSettings db) {
        try {
            return action.get();
        } catch (org.flywaydb.core.api.FlywayException e) {
            throw new IllegalStateException("cannot " + verb + " the schema on " + db + ": " + firstLine(e), e);
        }
    }

    /** The database's own words, without Flyway's multi-line report around them. */
    private static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = String.valueOf(t.getMessage()).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static Flyway flyway(JdbcSettings db) {
        try {
            Class.forName(JdbcSettings.DRIVER);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("PostgreSQL driver not on the class path", e);
        }
        var config = Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(db.url, db.user, db.passwordForMigration())
                .locations("classpath:db/migration");
        // a schema of its own (--db.schema): created if absent, migrated there, history kept there
        if (db.schema != null) config = config.schemas(db.schema).createSchemas(true);
        return config.load();
    }
}
