package io.pmtuner.tools.bench;

import io.pmtuner.job.sinks.PipelineSinks;
import io.pmtuner.job.tuning.Lesson;
import io.pmtuner.job.tuning.OverrideChange;
import io.pmtuner.model.Episode;
import io.pmtuner.model.Reject;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/** The job with every output dropped: separates the cost of PostgreSQL from the job's own. */
final class DiscardingSinks implements PipelineSinks {
    private static final long serialVersionUID = 1L;

    @Override
    public Sink<Episode> episodes() {
        return new DiscardingSink<>();
    }

    @Override
    public Sink<Reject> rejects() {
        return new DiscardingSink<>();
    }

    @Override
    public Sink<Lesson> lessons() {
        return new DiscardingSink<>();
    }

    @Override
    public Sink<OverrideChange> overrides() {
        return new DiscardingSink<>();
    }

    @Override
    public Sink<OverrideChange> overrideHistory() {
        return new DiscardingSink<>();
    }
}
