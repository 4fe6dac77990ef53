package io.pmtuner.job.sinks;

import io.pmtuner.model.Episode;
import io.pmtuner.model.Reject;

import org.apache.flink.api.connector.sink2.Sink;

import java.io.Serializable;

/** Where the job writes: PostgreSQL in production and in the integration tests. */
public interface PipelineSinks extends Serializable {
    Sink<Episode> episodes();

    Sink<Reject> rejects();
}
