package io.pmtuner.job.sinks;

import io.pmtuner.job.config.JobConfig;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.tuning.Lesson;
import io.pmtuner.job.tuning.OverrideChange;
import io.pmtuner.model.Episode;
import io.pmtuner.model.Reject;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;

/** All outputs through flink-connector-jdbc's at-least-once sink with idempotent statements. */
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

    @Override
    public Sink<Episode> episodes() {
        return EpisodeSink.create(db, options);
    }

    @Override
    public Sink<Reject> rejects() {
        return RejectSink.create(db, options);
    }

    @Override
    public Sink<Lesson> lessons() {
        return LessonSink.create(db, options);
    }

    @Override
    public Sink<OverrideChange> overrides() {
        return OverrideSinks.current(db, options);
    }

    @Override
    public Sink<OverrideChange> overrideHistory() {
        return OverrideSinks.history(db, options);
    }
}
