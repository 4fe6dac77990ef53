package io.pmtuner.job.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The local launcher's real PostgreSQL, embedded: data kept in a directory, listening on loopback. */
public final class EmbeddedDatabase {
    private EmbeddedDatabase() {}

    public static EmbeddedPostgres start(Path dataDir, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.toFile())
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    /**
     * A new, empty database {@code name} on {@code pg} (dropped first if it exists). The name is an
     * identifier, which SQL cannot bind as a parameter: only lower-case letters, digits and '_' are allowed.
     */
    public static JdbcSettings fresh(EmbeddedPostgres pg, String name) throws SQLException {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) throw new IllegalArgumentException("not a plain database name: " + name);
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        return new JdbcSettings(pg.getJdbcUrl("postgres", name), "postgres", null);
    }
}
