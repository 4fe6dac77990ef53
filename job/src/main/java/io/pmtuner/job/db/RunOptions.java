package io.pmtuner.job.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The options that shape the tables' contents (lateness, horizon, windows, miner, judge, and a
 * partitioned input, whose event time is kept per partition), recorded in
 * {@code pm_tuner_run_options} by the first run and checked by every later one: a run with other
 * options refuses to start, before it writes anything, instead of writing its overrides over another
 * configuration's. Options that only change how fast or where it runs (parallelism, batches,
 * checkpoints, sources) are not part of it; {@code JobConfig} says which are.
 */
public final class RunOptions {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RunOptions() {}

    /** Records {@code mine} on a database that has none, or checks them against those recorded; throws when they differ. */
    public static void claim(JdbcSettings db, Map<String, String> mine) {
        try (Connection c = db.connect()) {
            Map<String, String> recorded = recorded(c);
            if (recorded == null) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO pm_tuner_run_options (id, options) VALUES (1, ?::jsonb)"
                        + " ON CONFLICT (id) DO NOTHING")) {
                    ps.setString(1, json(mine));
                    ps.executeUpdate();
                }
                recorded = recorded(c); // a concurrent first run may have won
            }
            String differences = differences(recorded, mine);
            if (!differences.isEmpty()) {
                String promoted = promoted(c);
                throw new IllegalStateException("the tables on " + db + " were written with other options: " + differences
                        + (promoted == null ? "" : " (" + promoted + ")")
                        + "; run this configuration into a schema of its own with --db.schema NAME (or another database)");
            }
            // options a newer build added are recorded with the value this run used
            try (PreparedStatement ps = c.prepareStatement("UPDATE pm_tuner_run_options SET last_run_at = now(),"
                    + " options = ?::jsonb || options WHERE id = 1")) {
                ps.setString(1, json(mine));
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check the run options on " + db + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records the challenger a run carries ({@code pm_challenger}): its options, and since when (a challenger
     * with other options than the recorded one starts anew). A challenger does not shape the live tables,
     * so it is not part of the options a run is checked against.
     */
    public static void recordChallenger(JdbcSettings db, Map<String, String> options) {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO pm_challenger (id, options) VALUES (1, ?::jsonb)"
                + " ON CONFLICT (id) DO UPDATE SET first_run_at = CASE WHEN pm_challenger.options = EXCLUDED.options"
                + " THEN pm_challenger.first_run_at ELSE now() END, options = EXCLUDED.options, last_run_at = now()")) {
            ps.setString(1, json(options));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the challenger on " + db + ": " + e.getMessage(), e);
        }
    }

    /** "the judge options are a challenger's, promoted by control #N (actor)", or null without a promotion. */
    private static String promoted(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, actor FROM pm_controls WHERE action = 'promote' ORDER BY id DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? "the judge options are a challenger's, promoted by control #" + rs.getLong(1) + " (" + rs.getString(2) + ")" : null;
        }
    }

    /** The options recorded on the database of {@code c}, by option name; empty before a first run. */
    public static Map<String, String> recordedOrNone(Connection c) throws SQLException {
        Map<String, String> recorded = recorded(c);
        return recorded == null ? Map.of() : recorded;
    }

    /** The options recorded on the database of {@code c}, by option name; null before a first run. */
    static Map<String, String> recorded(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT options::text FROM pm_tuner_run_options WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return null;
            Map<String, String> out = new TreeMap<>();
            JsonNode n = MAPPER.readTree(rs.getString(1));
            n.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
            return out;
        } catch (java.io.IOException e) {
            throw new SQLException("pm_tuner_run_options.options is not a JSON object", e);
        }
    }

    /**
     * "--judge.fpr-max 0.5 (this run: 0.4), ..." for every option both know whose value differs. An
     * option only one side knows (another build's) is not a difference.
     */
    static String differences(Map<String, String> recorded, Map<String, String> mine) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : recorded.entrySet()) {
            String now = mine.get(e.getKey());
            if (now != null && !now.equals(e.getValue())) out.add(e.getKey() + " " + e.getValue() + " (this run: " + now + ")");
        }
        return String.join(", ", out);
    }

    private static String json(Map<String, String> m) {
        ObjectNode o = MAPPER.createObjectNode();
        m.forEach(o::put);
        return o.toString();
    }
}
