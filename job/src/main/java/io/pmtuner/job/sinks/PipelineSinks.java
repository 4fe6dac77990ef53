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
}
