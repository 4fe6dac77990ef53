package io.pmtuner.job.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * A real PostgreSQL, embedded (binaries from a Maven artifact), listening on loopback: the one way the
 * local launcher, eval, the benchmark and the tests start one.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private final EmbeddedPostgres pg;

    private EmbeddedDatabase(EmbeddedPostgres pg) {
        this.pg = pg;
    }

    /**
     * Starts a server whose data lives in {@code dataDir} (null: a temporary directory, removed when it
     * stops), on {@code port} (0: any free one). {@code keepData}: start from what the directory holds;
     * otherwise the directory is emptied first.
     */
    public static EmbeddedDatabase start(Path dataDir, int port, boolean keepData) throws IOException {
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder();
        b.setServerConfig("listen_addresses", "127.0.0.1"); // never reachable from another host
        if (dataDir != null) b.setDataDirectory(dataDir.toFile()).setCleanDataDirectory(!keepData);
        if (port > 0) b.setPort(port);
        return new EmbeddedDatabase(b.start());
    }

    /** The server's own database {@code postgres}, as its superuser. */
    public JdbcSettings admin() {
        return new JdbcSettings(pg.getJdbcUrl("postgres", "postgres"), "postgres", null);
    }

    public int port() {
        return pg.getPort();
    }

    /** A new, empty database {@code name} (dropped first if it exists). */
    public JdbcSettings fresh(String name) throws SQLException {
        return admin().createDatabase(name, true);
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
