package io.pmtuner.job.sinks;

import io.pmtuner.job.config.JobConfig;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.tuning.Lesson;
import io.pmtuner.job.tuning.OverrideChange;
import io.pmtuner.model.Episode;
import io.pmtuner.model.Reject;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * All outputs through flink-connector-jdbc's at-least-once sink, each with an idempotent statement
 * (the statement and its binding live in the per-table classes).
 */
public class JdbcPipelineSinks implements PipelineSinks {
    private static final long serialVersionUID = 1L;

    private final JdbcSettings db;
    private final JdbcExecutionOptions options;

    public JdbcPipelineSinks(JdbcSettings db, JobConfig cfg) {
        this.db = db;
        this.options = JdbcExecutionOptions.builder()
                .withBatchSize(cfg.jdbcBatchSize)
                .withBatchIntervalMs(cfg.jdbcBatchInterval.toMillis())
                .withMaxRetries(cfg.jdbcMaxRetries)
                .build();
    }

    private <T> Sink<T> sink(String sql, JdbcStatementBuilder<T> binder) {
        return new RestartSafeJdbcSink<>(JdbcSink.<T>builder()
                .withQueryStatement(sql, binder)
                .withExecutionOptions(options)
                .buildAtLeastOnce(db.connectionOptions()));
    }

    @Override
    public Sink<Episode> episodes() {
        return sink(EpisodeSink.UPSERT, EpisodeSink::bind);
    }

    @Override
    public Sink<Reject> rejects() {
        return sink(RejectSink.INSERT, RejectSink::bind);
    }

    @Override
    public Sink<Lesson> lessons() {
        return sink(LessonSink.UPSERT, LessonSink::bind);
    }

    @Override
    public Sink<OverrideChange> overrides() {
        return sink(OverrideSinks.UPSERT, OverrideSinks::bindCurrent);
    }

    @Override
    public Sink<OverrideChange> overrideHistory() {
        return sink(OverrideSinks.APPEND, OverrideSinks::bindHistory);
    }
}
