package io.pmtuner.job.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the versioned migrations in {@code db/migration} before the job starts writing. */
public final class SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {}

    public static MigrateResult migrate(JdbcSettings db) {
        try {
            Class.forName(JdbcSettings.DRIVER);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("PostgreSQL driver not on the class path", e);
        }
        Flyway flyway = Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(db.url, db.user, db.passwordForMigration())
                .locations("classpath:db/migration")
                .load();
        MigrateResult r = flyway.migrate();
        LOG.info("Schema at version {} ({} migrations applied now) on {}", r.targetSchemaVersion != null
                ? r.targetSchemaVersion : flyway.info().current().getVersion(), r.migrationsExecuted, db);
        return r;
    }
}
