package io.pmtuner.job.sinks;

import io.pmtuner.job.config.JobParameters;
import io.pmtuner.job.db.JdbcSettings;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.util.function.SerializableFunction;

import java.time.Duration;

/**
 * All outputs through flink-connector-jdbc's at-least-once sink, each with an idempotent statement
 * (the statement and its binding live in the per-table classes).
 */
public final class JdbcPipelineSinks {
    private final JdbcSettings db;
    private final JdbcExecutionOptions options;
    private final long intervalMs;
    private final int batchSize;

    private JdbcPipelineSinks(JdbcSettings db, JobParameters.Sinks sinks, Duration batchInterval) {
        this.db = db;
        this.intervalMs = batchInterval.toMillis();
        this.batchSize = sinks.batchSize();
        this.options = JdbcExecutionOptions.builder()
                .withBatchSize(sinks.batchSize())
                .withBatchIntervalMs(intervalMs)
                .withMaxRetries(sinks.maxRetries())
                .build();
    }

    /** The job's tables in {@code db}, batched as {@code sinks} says, rows waiting at most {@code batchInterval}. */
    public static PipelineSinks of(JdbcSettings db, JobParameters.Sinks sinks, Duration batchInterval) {
        JdbcPipelineSinks t = new JdbcPipelineSinks(db, sinks, batchInterval);
        return new PipelineSinks(
                t.coalesced(EpisodeSink.UPSERT, EpisodeSink::bind, e -> e.episodeId),
                t.sink(RejectSink.INSERT, RejectSink::bind),
                t.coalesced(LessonSink.UPSERT, LessonSink::bind, l -> l.patternKey + '\u001f' + l.subsetJson),
                t.coalesced(OverrideSinks.UPSERT, OverrideSinks::bindCurrent, c -> c.patternKey + '\u001f' + c.subsetJson),
                t.sink(OverrideSinks.APPEND, OverrideSinks::bindHistory),
                t.sink(OverrideSinks.hold("champion"), OverrideSinks::bindHold),
                t.sink(OverrideSinks.CHALLENGER_APPEND, OverrideSinks::bindHistory),
                t.sink(OverrideSinks.hold("challenger"), OverrideSinks::bindHold),
                null, db);
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
}
