package io.pmtuner.patterns;

import io.pmtuner.model.Episode;
import io.pmtuner.model.Transition;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.functions.TimedOutPartialMatchHandler;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

import java.util.List;
import java.util.Map;

/**
 * Emits one {@link Episode} per completed match; counts the partial matches that {@code within}
 * dropped (windows that never closed in time, and, at the end of a bounded input, windows still open).
 */
public class EpisodeMatchFunction extends PatternProcessFunction<Transition, Episode>
        implements TimedOutPartialMatchHandler<Transition> {
    private static final long serialVersionUID = 1L;

    private final EpisodeKind kind;
    private final long horizonMillis;
    private transient Counter closed;
    private transient Counter timedOut;

    public EpisodeMatchFunction(EpisodeKind kind, long horizonMillis) {
        this.kind = kind;
        this.horizonMillis = horizonMillis;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        super.open(openContext);
        closed = getRuntimeContext().getMetricGroup().counter("episodesClosed");
        timedOut = getRuntimeContext().getMetricGroup().counter("windowsTimedOut");
    }

    @Override
    public void processMatch(Map<String, List<Transition>> match, Context ctx, Collector<Episode> out) {
        closed.inc();
        out.collect(EpisodeFactory.fromMatch(kind, match, horizonMillis));
    }

    @Override
    public void processTimedOutMatch(Map<String, List<Transition>> match, Context ctx) {
        timedOut.inc();
    }
}
