package io.pmtuner.job.db;

import org.apache.flink.connector.jdbc.JdbcConnectionOptions;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Where the tables live. The password comes from the environment and is never printed. */
public final class JdbcSettings implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String DRIVER = "org.postgresql.Driver";

    public final String url;
    public final String user;
    private final String password;
    /** The PostgreSQL schema the tables live in ({@code --db.schema}); null: the role's default (public). */
    public final String schema;

    public JdbcSettings(String url, String user, String password) {
        this(url, user, password, null);
    }

    public JdbcSettings(String url, String user, String password, String schema) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.schema = schema;
    }

    public JdbcConnectionOptions connectionOptions() {
        JdbcConnectionOptions.JdbcConnectionOptionsBuilder b = new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                .withUrl(url)
                .withDriverName(DRIVER)
                // batches hold each key once (RestartSafeJdbcSink), so the driver may send them as multi-row statements
                .withProperty("reWriteBatchedInserts", "true");
        if (user != null) b.withUsername(user);
        if (password != null) b.withPassword(password);
        if (schema != null) b.withProperty("currentSchema", schema);
        return b.build();
    }

    public Connection connect() throws SQLException {
        try {
            // inside a JobManager, DriverManager does not see drivers of the user-code class loader
            Class.forName(DRIVER);
        } catch (ClassNotFoundException e) {
            throw new SQLException("PostgreSQL driver not on the class path", e);
        }
        Properties p = new Properties();
        if (user != null) p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        if (schema != null) p.setProperty("currentSchema", schema);
        return DriverManager.getConnection(url, p);
    }

    /**
     * Creates database {@code name} on this server, connecting as these settings' role (which must be
     * allowed to), and returns the settings of the new database; {@code replace}: drop it first if it
     * exists. The name is an identifier, which SQL cannot bind as a parameter: only lower-case letters,
     * digits and '_' are allowed.
     */
    public JdbcSettings createDatabase(String name, boolean replace) throws SQLException {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) throw new IllegalArgumentException("not a plain database name: " + name);
        try (Connection c = connect(); java.sql.Statement s = c.createStatement()) {
            if (replace) s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        return new JdbcSettings(url.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"), user, password, schema);
    }

    /** These settings with the tables in {@code schemaName} (null: the role's default). */
    public JdbcSettings inSchema(String schemaName) {
        return new JdbcSettings(url, user, password, schemaName);
    }

    /** For Flyway's data source only. */
    String passwordForMigration() {
        return password;
    }

    @Override
    public String toString() {
        return url + (user == null ? " (no --jdbc-user given)" : " as " + user) + (schema == null ? "" : ", schema " + schema);
    }
}
