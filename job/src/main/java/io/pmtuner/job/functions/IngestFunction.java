package io.pmtuner.job.functions;

import io.pmtuner.core.ingest.ParseResult;
import io.pmtuner.model.EngineEvent;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The way into the job for every source: an input becomes a typed event, or a reject on the reject
 * side output with its reason, counted in the {@code rejects} metrics (README "The event contract").
 */
public abstract class IngestFunction<I> extends ProcessFunction<I, EngineEvent> {
    private static final long serialVersionUID = 1L;

    private transient RejectCounters rejects;
    private transient org.apache.flink.api.common.accumulators.LongCounter eventsRead;

    /** The input parsed, or null for an input that carries nothing (a blank line). */
    abstract ParseResult parse(I input);

    @Override
    public void open(OpenContext ctx) {
        rejects = new RejectCounters(getRuntimeContext());
        eventsRead = Progress.counter(getRuntimeContext(), Progress.EVENTS_READ);
    }

    @Override
    public void processElement(I input, Context ctx, Collector<EngineEvent> out) {
        ParseResult r = parse(input);
        if (r == null) return;
        eventsRead.add(1);
        if (r.event != null) {
            out.collect(r.event);
        } else {
            rejects.inc(r.reject.reason);
            ctx.output(Tags.REJECTS, r.reject);
        }
    }
}
