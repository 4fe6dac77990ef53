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
import org.apache.flink.util.function.SerializableFunction;

/**
 * All outputs through flink-connector-jdbc's at-least-once sink, each with an idempotent statement
 * (the statement and its binding live in the per-table classes).
 */
public class JdbcPipelineSinks implements PipelineSinks {
    private static final long serialVersionUID = 1L;

    private final JdbcSettings db;
    private final JdbcExecutionOptions options;
    private final long intervalMs;
    private final int batchSize;

    public JdbcPipelineSinks(JdbcSettings db, JobConfig cfg) {
        this.db = db;
        this.intervalMs = cfg.jdbcBatchInterval.toMillis();
        this.batchSize = cfg.jdbcBatchSize;
        this.options = JdbcExecutionOptions.builder()
                .withBatchSize(cfg.jdbcBatchSize)
                .withBatchIntervalMs(cfg.jdbcBatchInterval.toMillis())
                .withMaxRetries(cfg.jdbcMaxRetries)
                .build();
    }

    private <T> JdbcSink<T> jdbc(String sql, JdbcStatementBuilder<T> binder) {
        return JdbcSink.<T>builder()
                .withQueryStatement(sql, binder)
                .withExecutionOptions(options)
                .buildAtLeastOnce(db.connectionOptions());
    }

    private <T> Sink<T> sink(String sql, JdbcStatementBuilder<T> binder) {
        return new RestartSafeJdbcSink<>(jdbc(sql, binder));
    }

    /** Upserts that only move forward: the newest row per key is the only one written per batch. */
    private <T> Sink<T> coalesced(String sql, JdbcStatementBuilder<T> binder, SerializableFunction<T, String> key) {
        return new RestartSafeJdbcSink<>(jdbc(sql, binder), key, intervalMs, batchSize);
    }

    @Override
    public Sink<Episode> episodes() {
        return coalesced(EpisodeSink.UPSERT, EpisodeSink::bind, e -> e.episodeId);
    }

    @Override
    public Sink<Reject> rejects() {
        return sink(RejectSink.INSERT, RejectSink::bind);
    }

    @Override
    public Sink<Lesson> lessons() {
        return coalesced(LessonSink.UPSERT, LessonSink::bind, l -> l.patternKey + '\u001f' + l.subsetJson);
    }

    @Override
    public Sink<OverrideChange> overrides() {
        return coalesced(OverrideSinks.UPSERT, OverrideSinks::bindCurrent, c -> c.patternKey + '\u001f' + c.subsetJson);
    }

    @Override
    public Sink<OverrideChange> overrideHistory() {
        return sink(OverrideSinks.APPEND, OverrideSinks::bindHistory);
    }
}
