package io.pmtuner.job.sinks;

import io.pmtuner.job.tuning.Lesson;
import io.pmtuner.job.tuning.OverrideChange;
import io.pmtuner.model.Episode;
import io.pmtuner.model.Reject;

import org.apache.flink.api.connector.sink2.Sink;

import java.io.Serializable;

/** Where the job writes: PostgreSQL in production and in the integration tests. */
public interface PipelineSinks extends Serializable {
    Sink<Episode> episodes();

    Sink<Reject> rejects();

    Sink<Lesson> lessons();

    /** The current value of each override ({@code pm_overrides}). */
    Sink<OverrideChange> overrides();

    /** Every change ({@code pm_override_history}). */
    Sink<OverrideChange> overrideHistory();

    /** Where override changes are also published (a Kafka topic), or null for nowhere. */
    default Sink<OverrideChange> overrideFeed() {
        return null;
    }

    /** These sinks, with {@code feed} as the override change feed. */
    default PipelineSinks withOverrideFeed(Sink<OverrideChange> feed) {
        PipelineSinks base = this;
        return new PipelineSinks() {
            private static final long serialVersionUID = 1L;

            @Override
            public Sink<Episode> episodes() {
                return base.episodes();
            }

            @Override
            public Sink<Reject> rejects() {
                return base.rejects();
            }

            @Override
            public Sink<Lesson> lessons() {
                return base.lessons();
            }

            @Override
            public Sink<OverrideChange> overrides() {
                return base.overrides();
            }

            @Override
            public Sink<OverrideChange> overrideHistory() {
                return base.overrideHistory();
            }

            @Override
            public Sink<OverrideChange> overrideFeed() {
                return feed;
            }
        };
    }
}
