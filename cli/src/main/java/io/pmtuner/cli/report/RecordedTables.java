package io.pmtuner.cli.report;

import io.pmtuner.model.EpisodeDecision;
import io.pmtuner.core.tuning.evidence.ChangeEvidence;
import io.pmtuner.model.Outcome;
import io.pmtuner.model.TunedGate;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.db.RunOptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the report and the what-if read from the job's tables, loaded once, read only. */
public record RecordedTables(Map<String, String> runOptions, List<RecordedEpisode> episodes, List<RejectWeek> rejects,
                             List<Lesson> lessons, List<Change> changes, List<Override> overrides, Challenger challenger) {

    /** A challenger judge's options, since when the tables carry it, and its changes (null: no challenger). */
    public record Challenger(Map<String, String> options, Instant since, List<Change> changes) {}

    /** Rejects of one reason in one week of event time ({@code week} null: the line had no readable time). */
    public record RejectWeek(java.time.LocalDate week, String reason, long count) {}

    /** A lesson row's key and evidence. */
    public record Lesson(String patternKey, Map<String, String> subset, long acted, long skipped, Double wr, Double fpr, Double mr, Double dr) {}

    /** A row of {@code pm_override_history}. */
    public record Change(String tuningKey, Map<String, String> subset, int version, String rule, double[] oldMults, double[] newMults,
                         Instant decidedTs, ChangeEvidence evidence, long evidenceN) {}

    /** A row of {@code pm_overrides}: the multipliers in force now. */
    public record Override(String tuningKey, Map<String, String> subset, double tsMin, double halo, double aValue) {
        /** The multiplier of {@code gate} ({@code ts} or {@code halo}); 1.0 for a gate no judge moves. */
        public double of(String gate) {
            TunedGate g = TunedGate.of(gate);
            if (g == null) return 1.0;
            return switch (g) {
                case TS -> tsMin;
                case HALO -> halo;
            };
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static RecordedTables load(JdbcSettings db) throws SQLException {
        try (Connection c = db.connect()) {
            return new RecordedTables(RunOptions.recordedOrNone(c), episodes(c), rejects(c), lessons(c), changes(c, "pm_override_history"), overrides(c),
                    challenger(c));
        }
    }

    /** The override of exactly {@code subset} for the tuning key, if any. */
    public Override overrideOf(String tuningKey, Map<String, String> subset) {
        for (Override o : overrides) {
            if (o.tuningKey().equals(tuningKey) && o.subset().equals(subset)) return o;
        }
        return null;
    }

    private static List<RecordedEpisode> episodes(Connection c) throws SQLException {
        return list(c, "SELECT pattern_key, scope::text, decision, outcome, data_gap, decision_ts, outcome_ts,"
                + " (factors->'gates')::text FROM pattern_episode_events ORDER BY episode_id",
                rs -> new RecordedEpisode(rs.getString(1), object(rs.getString(2)), EpisodeDecision.of(rs.getString(3)), Outcome.of(rs.getString(4)), rs.getBoolean(5),
                        instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)), gates(rs.getString(8))));
    }

    /** One row of a result set as a record. */
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> list(Connection c, String sql, Row<T> row) throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row.read(rs));
            }
        }
        return out;
    }

    private static List<RejectWeek> rejects(Connection c) throws SQLException {
        return list(c, "SELECT (date_trunc('week', event_ts AT TIME ZONE 'UTC'))::date, reason, count(*)"
                + " FROM ingest_rejects GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2", rs -> {
                    java.sql.Date week = rs.getDate(1);
                    return new RejectWeek(week == null ? null : week.toLocalDate(), rs.getString(2), rs.getLong(3));
                });
    }

    private static List<Lesson> lessons(Connection c) throws SQLException {
        return list(c, "SELECT pattern_key, scope_subset::text, n_acted, n_skipped, wr, fpr, mr, dr"
                + " FROM learning_lessons WHERE lesson_type = 'tuning' ORDER BY n_acted + n_skipped DESC, pattern_key, scope_subset::text",
                rs -> new Lesson(rs.getString(1), object(rs.getString(2)), rs.getLong(3), rs.getLong(4),
                        nullable(rs, 5), nullable(rs, 6), nullable(rs, 7), nullable(rs, 8)));
    }

    /** The changes of {@code table} (pm_override_history, or pm_challenger_history: a fixed name of ours). */
    private static List<Change> changes(Connection c, String table) throws SQLException {
        return list(c, "SELECT pattern_key, scope_subset::text, version, rule,"
                + " old_ts_min_mult, old_halo_mult, old_a_value_mult, new_ts_min_mult, new_halo_mult, new_a_value_mult, decided_ts, evidence::text,"
                + " evidence_n FROM " + table + " WHERE action_category = 'tuning' ORDER BY pattern_key, scope_subset::text, version",
                rs -> new Change(rs.getString(1), object(rs.getString(2)), rs.getInt(3), rs.getString(4),
                        new double[] {rs.getDouble(5), rs.getDouble(6), rs.getDouble(7)},
                        new double[] {rs.getDouble(8), rs.getDouble(9), rs.getDouble(10)},
                        instant(rs.getTimestamp(11)), ChangeEvidence.fromJson(rs.getString(12)), rs.getLong(13)));
    }

    /**
     * The challenger, if the tables carry one: since its first run, or since the first episode when it
     * ran from the first run on (processing times, for the report's window only).
     */
    private static Challenger challenger(Connection c) throws SQLException {
        List<String[]> rows = list(c, "SELECT h.options::text, CASE WHEN h.first_run_at <= r.first_run_at + interval '1 minute' THEN NULL"
                + " ELSE (SELECT (extract(epoch FROM min(e.decision_ts)) * 1000)::bigint FROM pattern_episode_events e"
                + " WHERE e.created_at >= h.first_run_at)::text END"
                + " FROM pm_challenger h LEFT JOIN pm_tuner_run_options r ON r.id = 1",
                rs -> new String[] {rs.getString(1), rs.getString(2)});
        if (rows.isEmpty()) return null;
        Instant since = rows.get(0)[1] == null ? null : Instant.ofEpochMilli(Long.parseLong(rows.get(0)[1]));
        return new Challenger(object(rows.get(0)[0]), since, changes(c, "pm_challenger_history"));
    }

    private static List<Override> overrides(Connection c) throws SQLException {
        return list(c, "SELECT pattern_key, scope_subset::text, ts_min_mult, halo_mult, a_value_mult"
                + " FROM pm_overrides WHERE action_category = 'tuning' ORDER BY 1, 2",
                rs -> new Override(rs.getString(1), object(rs.getString(2)), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)));
    }

    private static Map<String, RecordedEpisode.GateReading> gates(String json) {
        Map<String, RecordedEpisode.GateReading> out = new TreeMap<>();
        JsonNode n = tree(json);
        if (n == null) return out;
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> g = it.next();
            JsonNode v = g.getValue();
            out.put(g.getKey(), new RecordedEpisode.GateReading(v.path("value").asDouble(Double.NaN), v.path("threshold").asDouble(Double.NaN),
                    v.hasNonNull("base") ? v.get("base").asDouble() : null, v.path("pass").asBoolean()));
        }
        return out;
    }

    /** A JSON object of strings (a scope, a subset, the run options), keys in order. */
    static Map<String, String> object(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode n = tree(json);
        if (n == null) return out;
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static JsonNode tree(String json) {
        if (json == null) return null;
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable JSON in the tables: " + e.getMessage(), e);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Double nullable(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }
}
