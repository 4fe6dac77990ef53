package io.pmtuner.job.testing;

import io.pmtuner.job.db.EmbeddedDatabase;
import io.pmtuner.job.db.JdbcSettings;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tests' real PostgreSQL: one embedded server per test JVM, started by the first class that
 * registers this extension and stopped when the JVM ends; every run gets a fresh database of its own.
 */
public final class PostgresExtension implements BeforeAllCallback {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedDatabase server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server();
    }

    /** The shared server, started on first use. */
    public static synchronized EmbeddedDatabase server() throws Exception {
        if (server == null) {
            server = EmbeddedDatabase.start(null, 0, false);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (Exception ignored) {
                    // the JVM is going away
                }
            }));
        }
        return server;
    }

    /** A fresh, empty database. */
    public static JdbcSettings newDatabase() throws Exception {
        return server().admin().createDatabase("it_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet(), false);
    }

    /** Rows of a query as column -> text value maps, in the query's order. */
    public static List<Map<String, String>> query(JdbcSettings db, String sql, Object... params) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, String>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) row.put(md.getColumnLabel(i), rs.getString(i));
                    rows.add(row);
                }
                return rows;
            }
        }
    }
}
