package io.pmtuner.job.functions;

import io.pmtuner.model.EngineEvent;
import io.pmtuner.model.Reject;
import io.pmtuner.model.RejectReason;
import io.pmtuner.model.State;
import io.pmtuner.model.Tick;
import io.pmtuner.model.Transition;
import io.pmtuner.patterns.EpisodeKind;
import io.pmtuner.patterns.EpisodeKinds;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Comparator;
import java.util.List;

/**
 * Per series: puts ticks and decisions into event-time order, applies the checks that need the
 * series' history, and emits the compressed stream the CEP patterns consume.
 *
 * <p>Events wait in state until the watermark passes their bar time (the watermark trails the newest
 * bar time by the allowed lateness), then leave in order: by bar time, ticks by {@code seq}, then the
 * decisions of that bar. An event whose bar time the watermark has already passed is {@code late}.
 * On release a tick is checked against the previous one ({@code duplicate_seq}, {@code seq_regression},
 * {@code illegal_transition}); a {@code seq} gap is marked on the tick.
 *
 * <p>Only changes go to CEP (main output): state changes, buy flag rising or falling, trim flag
 * rising, gaps, and every decision. The outcome function gets those plus a light clock copy of every
 * other tick outside S0/S4, since the horizon rule is measured in the series' own ticks.
 */
public class TransitionFunction extends KeyedProcessFunction<String, EngineEvent, Transition> {
    private static final long serialVersionUID = 1L;

    private static final Comparator<EngineEvent> RELEASE_ORDER =
            Comparator.<EngineEvent>comparingInt(e -> e.isTick() ? 0 : 1)
                    .thenComparingLong(e -> e.isTick() ? e.seq : 0L); // decisions keep arrival order (stable sort)

    /** The kinds of episode downstream: what each has the sequencer remember of a series. */
    private final EpisodeKinds kinds;
    private transient EpisodeKind[] remembering;
    private transient ValueState<SeriesCursor> cursorState;
    private transient EventTimeBuffer<EngineEvent> pending;
    private transient RejectCounters rejects;
    private transient Counter ticks;
    private transient Counter transitions;
    private transient org.apache.flink.api.common.accumulators.LongMaximum eventTime;

    public TransitionFunction(EpisodeKinds kinds) {
        this.kinds = kinds;
    }

    @Override
    public void open(OpenContext ctx) {
        remembering = kinds.all().toArray(new EpisodeKind[0]);
        cursorState = getRuntimeContext().getState(new ValueStateDescriptor<>("cursor", SeriesCursor.class));
        pending = new EventTimeBuffer<>(getRuntimeContext(), "pending", TypeInformation.of(EngineEvent.class));
        rejects = new RejectCounters(getRuntimeContext());
        eventTime = Progress.maximum(getRuntimeContext(), Progress.EVENT_TIME);
        ticks = getRuntimeContext().getMetricGroup().counter("ticksReleased");
        transitions = getRuntimeContext().getMetricGroup().counter("transitionsEmitted");
    }

    @Override
    public void processElement(EngineEvent e, Context ctx, Collector<Transition> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        eventTime.add(watermark);
        if (e.barTs <= watermark) {
            reject(ctx, e, RejectReason.LATE, "bar_ts " + java.time.Instant.ofEpochMilli(e.barTs)
                    + " is not after the watermark " + java.time.Instant.ofEpochMilli(watermark));
            return;
        }
        pending.add(e.barTs, e, ctx.timerService());
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Transition> out) throws Exception {
        List<EngineEvent> due = pending.take(ts);
        if (due == null) return;
        due.sort(RELEASE_ORDER);
        SeriesCursor cursor = cursorState.value();
        for (EngineEvent e : due) {
            if (e.isTick()) {
                cursor = releaseTick(e, cursor, ctx, out);
            } else {
                releaseDecision(e, cursor, ctx, out);
            }
        }
        if (cursor != null) cursorState.update(cursor);
    }

    private SeriesCursor releaseTick(EngineEvent e, SeriesCursor c, OnTimerContext ctx, Collector<Transition> out) {
        Tick t = e.tick;
        if (c != null && t.seq == c.lastSeq) {
            reject(ctx, e, RejectReason.DUPLICATE_SEQ, "seq " + t.seq + " was already seen");
            return c;
        }
        if (c != null && t.seq < c.lastSeq) {
            reject(ctx, e, RejectReason.SEQ_REGRESSION, "seq " + t.seq + " after seq " + c.lastSeq);
            return c;
        }
        boolean gap = c != null && t.seq > c.lastSeq + 1;
        // with a contiguous history our own record is the previous state; otherwise the tick's word
        State prev = (c != null && !gap) ? c.lastState : e.prevState;
        if (!State.legal(prev, t.state)) {
            reject(ctx, e, RejectReason.ILLEGAL_TRANSITION, (prev == null ? "bootstrap" : prev.name()) + " -> " + t.state);
            return c;
        }
        if (c == null) c = new SeriesCursor();
        State before = c.tickIndex > 0 ? c.lastState : prev;
        boolean hadHistory = c.tickIndex > 0;

        Transition tr = new Transition();
        tr.seriesKey = e.seriesKey;
        tr.series = e.series;
        tr.tick = t;
        tr.seq = t.seq;
        tr.barTs = t.barTs;
        tr.prevState = prev;
        tr.stateChanged = before != t.state;
        tr.buyRose = t.buyFlag && !(hadHistory && c.lastBuy);
        tr.buyFell = !t.buyFlag && hadHistory && c.lastBuy;
        tr.trimRose = t.trimFlag && !(hadHistory && c.lastTrim);
        tr.dataGap = gap;
        tr.prevTickSeq = hadHistory ? c.lastSeq : t.seq - 1;
        tr.prevTickTs = hadHistory ? c.lastBarTs : t.barTs;
        tr.tickIndex = ++c.tickIndex;

        boolean marked = false;
        for (EpisodeKind kind : remembering) marked |= kind.remember(c, tr, before);

        c.lastSeq = t.seq;
        c.lastBarTs = t.barTs;
        c.lastState = t.state;
        c.lastBuy = t.buyFlag;
        c.lastTrim = t.trimFlag;
        c.lastPrice = t.price;
        ticks.inc();

        boolean change = tr.stateChanged || tr.buyRose || tr.buyFell || tr.trimRose || tr.dataGap || marked;
        if (change) {
            emit(tr, ctx, out);
        } else if (t.state == State.S1 || t.state == State.S2 || t.state == State.S3) {
            Transition clock = new Transition();
            clock.seriesKey = tr.seriesKey;
            clock.series = tr.series;
            clock.tick = t.light();
            clock.seq = t.seq;
            clock.barTs = t.barTs;
            clock.prevState = prev;
            clock.tickIndex = tr.tickIndex;
            clock.clockOnly = true;
            ctx.output(Tags.OUTCOME_FEED, clock);
        }
        return c;
    }

    private void releaseDecision(EngineEvent e, SeriesCursor c, OnTimerContext ctx, Collector<Transition> out) {
        Transition tr = new Transition();
        tr.seriesKey = e.seriesKey;
        tr.series = e.series;
        tr.decision = e.decision;
        tr.seq = e.seq;
        tr.barTs = e.barTs;
        // the series as it stands when the PM acts: the outcome rules read its state
        Tick now = new Tick();
        if (c != null) {
            now.seq = c.lastSeq;
            now.barTs = c.lastBarTs;
            now.state = c.lastState;
            now.price = c.lastPrice;
            tr.tickIndex = c.tickIndex;
        }
        tr.tick = now;
        emit(tr, ctx, out);
    }

    private void emit(Transition tr, OnTimerContext ctx, Collector<Transition> out) {
        transitions.inc();
        out.collect(tr);
        ctx.output(Tags.OUTCOME_FEED, tr);
    }

    private void reject(Context ctx, EngineEvent e, RejectReason reason, String detail) {
        rejects.inc(reason.code());
        ctx.output(Tags.REJECTS, new Reject(e.raw(), io.pmtuner.model.Json.series(e.series), reason.code(), detail, e.barTs));
    }
}
