package io.pmtuner.job.sinks;

import io.pmtuner.model.Reject;


/** Writes rejects into {@code ingest_rejects}; a replayed bad line finds its row and adds nothing. */
public final class RejectSink {
    static final String INSERT = "INSERT INTO ingest_rejects (raw, series, reason, detail, event_ts)"
            + " VALUES (?, ?::jsonb, ?, ?, ?) ON CONFLICT (reject_key) DO NOTHING";

    private RejectSink() {}


    static void bind(java.sql.PreparedStatement ps, Reject r) throws java.sql.SQLException {
        // PostgreSQL text and jsonb cannot hold NUL: keep the raw line readable and drop such a series
        ps.setString(1, r.raw.replace("\u0000", "\\u0000"));
        Sql.text(ps, 2, r.seriesJson == null || r.seriesJson.contains("\\u0000") ? null : r.seriesJson);
        ps.setString(3, r.reason);
        Sql.text(ps, 4, r.detail);
        Sql.timestamp(ps, 5, r.eventTs);
    }
}
