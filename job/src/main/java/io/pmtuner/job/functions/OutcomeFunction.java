package io.pmtuner.job.functions;

import io.pmtuner.model.Episode;
import io.pmtuner.model.Transition;
import io.pmtuner.patterns.EpisodeKinds;
import io.pmtuner.patterns.OutcomeRules;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Holds the closed but unresolved episodes of a series and resolves them from what the series does
 * next (README "Our readings: episodes"): input 1 is closed episodes from CEP, input 2 the outcome feed from
 * {@link TransitionFunction}.
 *
 * <p>The feed reaches this operator sooner than the episodes, which CEP only emits once the
 * watermark has passed their closing tick. Feed elements therefore wait here until the watermark,
 * which is the smaller of both inputs', passes them: by then every episode that closed before them
 * has arrived. An episode's own closing tick was already applied when it was built, so only later
 * ticks (and decisions from the closing bar on) are applied to it.
 *
 * <p>Every closed episode is emitted at once (outcome null unless its window already decided it)
 * and once more when resolved. A resolved episode leaves no state; an idle series leaves none either.
 * Nothing is resolved by the end of the input: only ticks of the series move its time.
 */
public class OutcomeFunction extends KeyedCoProcessFunction<String, Episode, Transition, Episode> {
    private static final long serialVersionUID = 1L;

    private final long horizonMillis;
    /** The kinds the job detects: an open episode is resolved by its own kind's rule. */
    private final EpisodeKinds kinds;
    private transient MapState<String, Episode> open;
    private transient EventTimeBuffer<Transition> feed;
    private transient Counter resolved;
    private transient org.apache.flink.api.common.accumulators.LongCounter closedProgress;

    public OutcomeFunction(long horizonMillis, EpisodeKinds kinds) {
        this.horizonMillis = horizonMillis;
        this.kinds = kinds;
    }

    @Override
    public void open(OpenContext ctx) {
        open = getRuntimeContext().getMapState(new MapStateDescriptor<>("open-episodes", Types.STRING,
                TypeInformation.of(Episode.class)));
        feed = new EventTimeBuffer<>(getRuntimeContext(), "feed", TypeInformation.of(Transition.class));
        resolved = getRuntimeContext().getMetricGroup().counter("episodesResolved");
        closedProgress = Progress.counter(getRuntimeContext(), Progress.EPISODES_CLOSED);
    }

    @Override
    public void processElement1(Episode e, Context ctx, Collector<Episode> out) throws Exception {
        out.collect(e);
        closedProgress.add(1); // the metric of the same name is the CEP functions' (per pattern)
        if (e.isResolved()) {
            resolved.inc();
        } else {
            open.put(e.episodeId, e);
        }
    }

    @Override
    public void processElement2(Transition t, Context ctx, Collector<Episode> out) throws Exception {
        feed.add(t.barTs, t, ctx.timerService());
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Episode> out) throws Exception {
        List<Transition> due = feed.take(ts);
        if (due == null || open.isEmpty()) return;
        for (Transition t : due) {
            for (Iterator<Map.Entry<String, Episode>> it = open.iterator(); it.hasNext(); ) {
                Map.Entry<String, Episode> entry = it.next();
                Episode e = entry.getValue();
                if (!after(t, e)) continue;
                boolean gapBefore = e.dataGap;
                OutcomeRules.apply(kinds.of(e.patternKey), e, t, horizonMillis);
                if (e.isResolved()) {
                    resolved.inc();
                    out.collect(e);
                    it.remove();
                } else if (e.dataGap != gapBefore) {
                    entry.setValue(e);
                }
            }
        }
        if (open.isEmpty()) open.clear(); // an emptied map still counts as a state entry
    }

    /** Whether a feed element comes after the element that closed the episode's window. */
    private static boolean after(Transition t, Episode e) {
        return t.isTick() ? t.seq > e.closeSeq : t.barTs >= e.closeTs;
    }
}
