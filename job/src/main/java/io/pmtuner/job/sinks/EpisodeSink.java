package io.pmtuner.job.sinks;

import io.pmtuner.model.Episode;
import io.pmtuner.model.Json;


/**
 * Upserts episodes into {@code pattern_episode_events} by {@code episode_id}. A row whose outcome is
 * set is never touched again, so outcomes stay monotone whatever a retry or replay sends.
 */
public final class EpisodeSink {
    static final String UPSERT = "INSERT INTO pattern_episode_events (episode_id, pattern_key, scope, series, decision,"
            + " outcome, outcome_reason, factors, blocked_by, trade_id, window_start_ts, window_end_ts, decision_ts,"
            + " outcome_ts, data_gap, \"timestamp\", start_seq, retest_index)"
            + " VALUES (?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (episode_id) DO UPDATE SET"
            + " outcome = EXCLUDED.outcome, outcome_reason = EXCLUDED.outcome_reason, outcome_ts = EXCLUDED.outcome_ts,"
            + " data_gap = pattern_episode_events.data_gap OR EXCLUDED.data_gap, updated_at = now()"
            + " WHERE pattern_episode_events.outcome IS NULL AND EXCLUDED.outcome IS NOT NULL";

    private EpisodeSink() {}


    static void bind(java.sql.PreparedStatement ps, Episode e) throws java.sql.SQLException {
        int i = 0;
        ps.setString(++i, e.episodeId);
        ps.setString(++i, e.patternKey);
        ps.setString(++i, Json.stringMap(e.scope));
        ps.setString(++i, Json.series(e.series));
        ps.setString(++i, e.decision);
        Sql.text(ps, ++i, e.outcome);
        Sql.text(ps, ++i, e.outcomeReason);
        ps.setString(++i, e.factorsJson);
        Sql.textArray(ps, ++i, e.blockedBy);
        Sql.text(ps, ++i, e.tradeId);
        Sql.timestamp(ps, ++i, e.windowStartTs);
        Sql.timestamp(ps, ++i, e.windowEndTs);
        Sql.timestamp(ps, ++i, e.decisionTs);
        Sql.timestamp(ps, ++i, e.outcomeTs);
        ps.setBoolean(++i, e.dataGap);
        Sql.timestamp(ps, ++i, e.decisionTs);
        ps.setLong(++i, e.startSeq);
        if (e.retestIndex > 0) ps.setInt(++i, e.retestIndex); else ps.setNull(++i, java.sql.Types.INTEGER);
    }
}
