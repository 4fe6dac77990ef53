package io.pmtuner.job.sinks;

import io.pmtuner.core.tuning.Evidence;
import io.pmtuner.core.tuning.Lesson;
import io.pmtuner.core.tuning.Quadrants;



/**
 * Upserts lessons into {@code learning_lessons} (lesson_type 'tuning'). A row only moves forward in
 * {@code n_votes}: a write replayed after a restart from a checkpoint cannot take it back.
 */
public final class LessonSink {
    public static final String LESSON_TYPE = "tuning";

    static final String UPSERT = "INSERT INTO learning_lessons (lesson_type, pattern_key, scope_subset, n_acted, n_skipped,"
            + " n_acted_success, n_acted_failure, n_skipped_success, n_skipped_failure, n_neutral, n_data_gap,"
            + " wr, fpr, mr, dr, blocked_by, n_votes, last_event_ts, last_episode_id)"
            + " VALUES ('" + LESSON_TYPE + "', ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)"
            + " ON CONFLICT (lesson_type, pattern_key, scope_subset) DO UPDATE SET"
            + " n_acted = EXCLUDED.n_acted, n_skipped = EXCLUDED.n_skipped,"
            + " n_acted_success = EXCLUDED.n_acted_success, n_acted_failure = EXCLUDED.n_acted_failure,"
            + " n_skipped_success = EXCLUDED.n_skipped_success, n_skipped_failure = EXCLUDED.n_skipped_failure,"
            + " n_neutral = EXCLUDED.n_neutral, n_data_gap = EXCLUDED.n_data_gap,"
            + " wr = EXCLUDED.wr, fpr = EXCLUDED.fpr, mr = EXCLUDED.mr, dr = EXCLUDED.dr, blocked_by = EXCLUDED.blocked_by,"
            + " n_votes = EXCLUDED.n_votes, last_event_ts = EXCLUDED.last_event_ts, last_episode_id = EXCLUDED.last_episode_id,"
            + " updated_at = now()"
            + " WHERE learning_lessons.n_votes < EXCLUDED.n_votes";

    private LessonSink() {}


    static void bind(java.sql.PreparedStatement ps, Lesson l) throws java.sql.SQLException {
        int i = 0;
        ps.setString(++i, l.patternKey);
        ps.setString(++i, l.subsetJson);
        Quadrants q = l.counts;
        ps.setLong(++i, q.acted());
        ps.setLong(++i, q.skipped());
        ps.setLong(++i, q.actedSuccess);
        ps.setLong(++i, q.actedFailure);
        ps.setLong(++i, q.skippedSuccess);
        ps.setLong(++i, q.skippedFailure);
        ps.setLong(++i, l.nNeutral);
        ps.setLong(++i, l.nDataGap);
        Sql.real(ps, ++i, q.wr());
        Sql.real(ps, ++i, q.fpr());
        Sql.real(ps, ++i, q.mr());
        Sql.real(ps, ++i, q.dr());
        ps.setString(++i, Evidence.gateCounts(q.missedBlockedBy).toString());
        ps.setLong(++i, l.votes);
        Sql.timestamp(ps, ++i, l.votes == 0 ? null : l.lastEventTs);
        Sql.text(ps, ++i, l.lastEpisodeId);
    }
}
