package io.pmtuner.job.sinks;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.model.Reject;

import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/** Writes rejects into {@code ingest_rejects}; a replayed bad line finds its row and adds nothing. */
public final class RejectSink {
    static final String INSERT = "INSERT INTO ingest_rejects (raw, series, reason, detail, event_ts)"
            + " VALUES (?, ?::jsonb, ?, ?, ?) ON CONFLICT (reject_key) DO NOTHING";

    private RejectSink() {}

    public static JdbcSink<Reject> create(JdbcSettings db, JdbcExecutionOptions options) {
        return JdbcSink.<Reject>builder()
                .withQueryStatement(INSERT, (JdbcStatementBuilder<Reject>) RejectSink::bind)
                .withExecutionOptions(options)
                .buildAtLeastOnce(db.connectionOptions());
    }

    static void bind(java.sql.PreparedStatement ps, Reject r) throws java.sql.SQLException {
        // PostgreSQL text and jsonb cannot hold NUL: keep the raw line readable and drop such a series
        ps.setString(1, r.raw.replace("\u0000", "\\u0000"));
        Sql.text(ps, 2, r.seriesJson == null || r.seriesJson.contains("\\u0000") ? null : r.seriesJson);
        ps.setString(3, r.reason);
        Sql.text(ps, 4, r.detail);
        Sql.timestamp(ps, 5, r.eventTs);
    }
}
