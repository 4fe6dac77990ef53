package io.pmtuner.job.functions;

import io.pmtuner.patterns.EpisodeKind;
import io.pmtuner.core.tuning.Lesson;
import io.pmtuner.core.tuning.Vote;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.List;

/**
 * The miner (README "Our readings: the miner"), keyed by {@code (pattern_key, scope_subset)}. Votes reach it from parallel
 * upstream tasks in no particular order; each waits until the watermark passes the time its outcome
 * became known, and then votes are counted in event-time order (docs/design.md "The pipeline"), so that counts, and the
 * judge's decisions downstream, do not depend on arrival order or parallelism.
 *
 * <p>Main output: the votes, in that order, for the judge. Side output {@link #LESSONS}: the lesson
 * as it stands after each batch of votes, to be upserted.
 */
public class MinerFunction extends KeyedProcessFunction<String, Vote, Vote> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<Lesson> LESSONS = new OutputTag<>("lessons", TypeInformation.of(Lesson.class));

    /** Its keyed state: votes waiting for the watermark ({@link EventTimeBuffer}), and the lesson. */
    public static final String PENDING_VOTES = "pending-votes";

    public static ValueStateDescriptor<Lesson> lessonState() {
        return new ValueStateDescriptor<>("lesson", TypeInformation.of(Lesson.class));
    }

    private final boolean withDataGap;
    private transient EventTimeBuffer<Vote> pending;
    private transient ValueState<Lesson> lesson;
    private transient Counter counted;
    private transient Counter behindWatermark;

    public MinerFunction(boolean withDataGap) {
        this.withDataGap = withDataGap;
    }

    @Override
    public void open(OpenContext ctx) {
        pending = new EventTimeBuffer<>(getRuntimeContext(), PENDING_VOTES, TypeInformation.of(Vote.class));
        lesson = getRuntimeContext().getState(lessonState());
        counted = getRuntimeContext().getMetricGroup().counter("votesCounted");
        behindWatermark = getRuntimeContext().getMetricGroup().counter("votesBehindWatermark");
    }

    @Override
    public void processElement(Vote v, Context ctx, Collector<Vote> out) throws Exception {
        // cannot happen with the upstream operators as built; counted so that a change that breaks it shows
        if (v.knownTs <= ctx.timerService().currentWatermark()) behindWatermark.inc();
        pending.add(v.knownTs, v, ctx.timerService());
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Vote> out) throws Exception {
        List<Vote> due = pending.take(ts);
        if (due == null) return;
        due.sort(Vote::compareInEventTime);
        Lesson l = lesson.value();
        if (l == null) l = new Lesson(due.get(0).patternKey, due.get(0).subsetJson);
        for (Vote v : due) {
            // votes held in a savepoint of a build before votes carried their override key
            if (v.tuningKey == null) v.tuningKey = EpisodeKind.of(v.patternKey).tuningKey;
            l.count(v, withDataGap);
            out.collect(v);
        }
        counted.inc(due.size());
        lesson.update(l);
        ctx.output(LESSONS, l);
    }
}
