package io.pmtuner.job.sinks;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.core.tuning.Lesson;
import io.pmtuner.core.tuning.OverrideChange;
import io.pmtuner.model.Episode;
import io.pmtuner.model.Reject;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Where the job writes: PostgreSQL ({@link JdbcPipelineSinks}) in production and in the integration
 * tests, nowhere in the benchmark's run without a database.
 *
 * @param overrides    the current value of each override ({@code pm_overrides})
 * @param overrideHistory every change ({@code pm_override_history})
 * @param holds        the changes the live judge's budget held ({@code pm_judge_holds})
 * @param challengerHistory a challenger judge's changes ({@code pm_challenger_history})
 * @param challengerHolds the changes the challenger's budget held
 * @param overrideFeed where changes are also published (a Kafka topic), or null for nowhere
 * @param controls     the database whose controls in force the judge shows as gauges, or null for none
 */
public record PipelineSinks(Sink<Episode> episodes, Sink<Reject> rejects, Sink<Lesson> lessons,
                            Sink<OverrideChange> overrides, Sink<OverrideChange> overrideHistory, Sink<OverrideChange> holds,
                            Sink<OverrideChange> challengerHistory, Sink<OverrideChange> challengerHolds,
                            Sink<OverrideChange> overrideFeed, JdbcSettings controls) {

    /** Every output dropped, and no database read: what the job costs without its database. */
    public static PipelineSinks discarding() {
        return new PipelineSinks(new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>(),
                new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>(), null, null);
    }

    /** These sinks, with {@code feed} as the override change feed. */
    public PipelineSinks withOverrideFeed(Sink<OverrideChange> feed) {
        return new PipelineSinks(episodes, rejects, lessons, overrides, overrideHistory, holds, challengerHistory, challengerHolds, feed, controls);
    }
}
