package io.pmtuner.job.testing;

import io.pmtuner.job.db.JdbcSettings;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every output table as ordered rows, for comparing two runs row for row. Processing timestamps
 * ({@code created_at}, {@code updated_at}, {@code recorded_at}, {@code seen_at}) and serial ids are left
 * out: determinism exempts them.
 */
public final class Tables {
    public static final Map<String, String> QUERIES = new LinkedHashMap<>();

    static {
        QUERIES.put("pattern_episode_events", "SELECT episode_id, pattern_key, scope::text, series::text, decision, outcome,"
                + " outcome_reason, factors::text, blocked_by::text, trade_id, window_start_ts, window_end_ts, decision_ts,"
                + " outcome_ts, data_gap, \"timestamp\", start_seq, retest_index FROM pattern_episode_events ORDER BY episode_id");
        QUERIES.put("ingest_rejects", "SELECT raw, series::text, reason, detail, event_ts FROM ingest_rejects ORDER BY raw, reason");
        QUERIES.put("learning_lessons", "SELECT lesson_type, pattern_key, scope_subset::text, n_acted, n_skipped, n_acted_success,"
                + " n_acted_failure, n_skipped_success, n_skipped_failure, n_neutral, n_data_gap, wr, fpr, mr, dr,"
                + " blocked_by::text, n_votes, last_event_ts, last_episode_id FROM learning_lessons ORDER BY 1, 2, 3");
        QUERIES.put("pm_overrides", "SELECT pattern_key, action_category, scope_subset::text, ts_min_mult, halo_mult, a_value_mult,"
                + " evidence::text, evidence_n, rule, trigger_episode_id, version, decided_ts FROM pm_overrides ORDER BY 1, 2, 3");
        QUERIES.put("pm_override_history", "SELECT pattern_key, action_category, scope_subset::text, version, rule,"
                + " old_ts_min_mult, old_halo_mult, old_a_value_mult, new_ts_min_mult, new_halo_mult, new_a_value_mult,"
                + " evidence::text, evidence_n, trigger_episode_id, decided_ts FROM pm_override_history ORDER BY 1, 2, 3, 4");
    }

    private Tables() {}

    public static Map<String, List<Map<String, String>>> snapshot(JdbcSettings db) throws SQLException {
        Map<String, List<Map<String, String>>> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : QUERIES.entrySet()) out.put(t.getKey(), PostgresExtension.query(db, t.getValue()));
        return out;
    }

    /** Row counts per table, for messages. */
    public static Map<String, Integer> sizes(Map<String, List<Map<String, String>>> snapshot) {
        Map<String, Integer> out = new LinkedHashMap<>();
        snapshot.forEach((t, rows) -> out.put(t, rows.size()));
        return out;
    }
}
