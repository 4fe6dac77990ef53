package io.pmtuner.job.db;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The short report the local launcher prints after a run: what the tables now hold. */
public final class Summary {
    private Summary() {}

    public static void print(JdbcSettings db, PrintStream out) throws SQLException {
        try (Connection c = db.connect()) {
            out.println();
            out.println("Episodes (pattern_episode_events)");
            table(c, out, "SELECT pattern_key, decision, COALESCE(outcome, 'pending') AS outcome, count(*) AS episodes"
                    + " FROM pattern_episode_events GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");
            out.println();
            out.println("Rejects (ingest_rejects)");
            table(c, out, "SELECT reason, count(*) AS rejects FROM ingest_rejects GROUP BY 1 ORDER BY 1");
        }
    }

    static void table(Connection c, PrintStream out, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            StringBuilder header = new StringBuilder("  ");
            for (int i = 1; i <= n; i++) header.append(String.format("%-22s", rs.getMetaData().getColumnLabel(i)));
            out.println(header.toString().stripTrailing());
            int rows = 0;
            while (rs.next()) {
                StringBuilder line = new StringBuilder("  ");
                for (int i = 1; i <= n; i++) line.append(String.format("%-22s", rs.getString(i)));
                out.println(line.toString().stripTrailing());
                rows++;
            }
            if (rows == 0) out.println("  (none)");
        }
    }
}
