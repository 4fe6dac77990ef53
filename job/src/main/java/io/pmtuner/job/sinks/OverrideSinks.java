package io.pmtuner.job.sinks;

import io.pmtuner.core.tuning.OverrideChange;


import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The judge's changes: the current value in {@code pm_overrides} (moves forward in version only) and
 * one row per change in {@code pm_override_history} (a replayed change finds its row and adds nothing).
 */
public final class OverrideSinks {
    static final String UPSERT = "INSERT INTO pm_overrides (pattern_key, action_category, scope_subset, ts_min_mult,"
            + " halo_mult, a_value_mult, evidence, evidence_n, rule, trigger_episode_id, version, decided_ts)"
            + " VALUES (?, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (pattern_key, action_category, scope_subset) DO UPDATE SET"
            + " ts_min_mult = EXCLUDED.ts_min_mult, halo_mult = EXCLUDED.halo_mult, a_value_mult = EXCLUDED.a_value_mult,"
            + " evidence = EXCLUDED.evidence, evidence_n = EXCLUDED.evidence_n, rule = EXCLUDED.rule,"
            + " trigger_episode_id = EXCLUDED.trigger_episode_id, version = EXCLUDED.version,"
            + " decided_ts = EXCLUDED.decided_ts, updated_at = now()"
            + " WHERE pm_overrides.version < EXCLUDED.version";

    /** The live judge's changes, every one. */
    static final String APPEND = append("pm_override_history");
    /** A challenger judge's changes: proposals of its own, never applied. */
    static final String CHALLENGER_APPEND = append("pm_challenger_history");

    /** Appends a change to {@code table} (a fixed name of ours); a replayed change finds its row and adds nothing. */
    private static String append(String table) {
        return "INSERT INTO " + table + " (pattern_key, action_category, scope_subset, version, rule,"
                + " old_ts_min_mult, old_halo_mult, old_a_value_mult, new_ts_min_mult, new_halo_mult, new_a_value_mult,"
                + " evidence, evidence_n, trigger_episode_id, decided_ts)"
                + " VALUES (?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)"
                + " ON CONFLICT (pattern_key, action_category, scope_subset, version) DO NOTHING";
    }

    /** A change the change budget held back, of the live judge or of the challenger ({@code judge}, a fixed name of ours). */
    static String hold(String judge) {
        return "INSERT INTO pm_judge_holds (judge, reason, pattern_key, action_category, scope_subset, rule,"
                + " old_ts_min_mult, old_halo_mult, old_a_value_mult, new_ts_min_mult, new_halo_mult, new_a_value_mult,"
                + " evidence, evidence_n, trigger_episode_id, decided_ts)"
                + " VALUES ('" + judge + "', 'budget', ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)"
                + " ON CONFLICT (judge, pattern_key, action_category, scope_subset, trigger_episode_id) DO NOTHING";
    }

    private OverrideSinks() {}


    static void bindCurrent(PreparedStatement ps, OverrideChange c) throws SQLException {
        int i = 0;
        ps.setString(++i, c.patternKey);
        ps.setString(++i, OverrideChange.CATEGORY);
        ps.setString(++i, c.subsetJson);
        Sql.numeric(ps, ++i, c.tsMinMult);
        Sql.numeric(ps, ++i, c.haloMult);
        Sql.numeric(ps, ++i, c.aValueMult);
        ps.setString(++i, c.evidenceJson);
        ps.setLong(++i, c.evidenceEpisodes);
        ps.setString(++i, c.rules);
        ps.setString(++i, c.triggerEpisodeId);
        ps.setInt(++i, c.version);
        Sql.timestamp(ps, ++i, c.decidedTs);
    }

    static void bindHistory(PreparedStatement ps, OverrideChange c) throws SQLException {
        int i = 0;
        ps.setString(++i, c.patternKey);
        ps.setString(++i, OverrideChange.CATEGORY);
        ps.setString(++i, c.subsetJson);
        ps.setInt(++i, c.version);
        bindMoveFrom(ps, i, c);
    }

    static void bindHold(PreparedStatement ps, OverrideChange c) throws SQLException {
        int i = 0;
        ps.setString(++i, c.patternKey);
        ps.setString(++i, OverrideChange.CATEGORY);
        ps.setString(++i, c.subsetJson);
        bindMoveFrom(ps, i, c);
    }

    /** The rule, the old and new multipliers, the evidence and the trigger, from parameter {@code i + 1} on. */
    private static void bindMoveFrom(PreparedStatement ps, int i, OverrideChange c) throws SQLException {
        ps.setString(++i, c.rules);
        Sql.numeric(ps, ++i, c.oldTsMinMult);
        Sql.numeric(ps, ++i, c.oldHaloMult);
        Sql.numeric(ps, ++i, c.oldAValueMult);
        Sql.numeric(ps, ++i, c.tsMinMult);
        Sql.numeric(ps, ++i, c.haloMult);
        Sql.numeric(ps, ++i, c.aValueMult);
        ps.setString(++i, c.evidenceJson);
        ps.setLong(++i, c.evidenceEpisodes);
        ps.setString(++i, c.triggerEpisodeId);
        Sql.timestamp(ps, ++i, c.decidedTs);
    }
}
