package io.pmtuner.job.functions;

import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * The accumulators a run's progress is read from while it runs (the local launcher's progress line, the
 * client's progress log) and after it ends: events read, episodes closed, rejects, event time reached.
 * Chained operators share a task's accumulators, so each is looked up by name or created once.
 */
public final class Progress {
    /** Events read, good and rejected (blank lines not): a bounded run that read none did nothing. */
    public static final String EVENTS_READ = "eventsRead";
    public static final String EPISODES_CLOSED = "episodesClosed";
    public static final String REJECTS = "rejects";
    /** The highest watermark the sequencer saw: the event time the job has reached. */
    public static final String EVENT_TIME = "eventTime";

    private Progress() {}

    static LongCounter counter(RuntimeContext ctx, String name) {
        return ctx.getLongCounter(name);
    }

    static LongMaximum maximum(RuntimeContext ctx, String name) {
        Accumulator<Long, Long> a = ctx.getAccumulator(name);
        if (a instanceof LongMaximum m) return m;
        LongMaximum m = new LongMaximum(Long.MIN_VALUE);
        ctx.addAccumulator(name, m);
        return m;
    }
}
