package io.pmtuner.job.functions;

import io.pmtuner.core.tuning.JudgeParameters;
import io.pmtuner.core.tuning.OverrideChange;
import io.pmtuner.core.tuning.calibrated.CalibratedGatesJudge;
import io.pmtuner.model.TunedGate;
import io.pmtuner.core.tuning.calibrated.LatticeJudge;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.core.tuning.Vote;
import io.pmtuner.core.tuning.calibrated.CalibratedJudgeState;
import io.pmtuner.core.tuning.calibrated.OwnKey;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.List;

/**
 * The calibrated judge over the lattice of a pattern's scope subsets (docs/judges.md "Many scopes"), keyed by the override
 * key ({@code pm.tuning.s1_gates}): every subset of the pattern in one place, so that a subset that has
 * not moved starts from what its parents apply. The miner's votes reach it from its parallel subtasks;
 * each waits until the watermark passes the time its outcome became known, and then they are judged in
 * {@link Vote#compareGeneralFirst} order (event time; within an episode, general to specific), whatever
 * the parallelism. Changes and held changes go out as {@link JudgeFunction}'s do.
 */
public class LatticeJudgeFunction extends KeyedProcessFunction<String, Vote, OverrideChange> {
    private static final long serialVersionUID = 1L;

    /** Its keyed state: votes waiting for the watermark ({@link EventTimeBuffer}), each subset's calibrations, the moved keys per gate. */
    public static final String PENDING_VOTES = "lattice-pending-votes";

    public static MapStateDescriptor<String, CalibratedJudgeState> gatesState() {
        return new MapStateDescriptor<>("lattice-gates", Types.STRING, TypeInformation.of(CalibratedJudgeState.class));
    }

    public static MapStateDescriptor<String, OwnKey> ownState(TunedGate gate) {
        return new MapStateDescriptor<>(gate == TunedGate.TS ? "lattice-own-ts" : "lattice-own-halo", Types.STRING, TypeInformation.of(OwnKey.class));
    }

    private final LatticeJudge judge;
    private ControlGauges controls;
    private transient EventTimeBuffer<Vote> pending;
    private transient MapState<String, CalibratedJudgeState> gates;
    private transient MapState<String, OwnKey> ownTs;
    private transient MapState<String, OwnKey> ownHalo;
    private transient LatticeJudge.States states;
    private transient LatticeJudge.Owns owns;
    private transient Counter changes;
    private transient JudgeMetrics metrics;

    public LatticeJudgeFunction(JudgeParameters settings) {
        this.judge = new LatticeJudge(new CalibratedGatesJudge(settings));
    }

    /** This judge, with gauges of the controls in force in {@code db} (read by its first subtask). */
    public LatticeJudgeFunction withControlGauges(JdbcSettings db) {
        this.controls = new ControlGauges(db);
        return this;
    }

    @Override
    public void open(OpenContext ctx) {
        pending = new EventTimeBuffer<>(getRuntimeContext(), PENDING_VOTES, TypeInformation.of(Vote.class));
        gates = getRuntimeContext().getMapState(gatesState());
        ownTs = getRuntimeContext().getMapState(ownState(TunedGate.TS));
        ownHalo = getRuntimeContext().getMapState(ownState(TunedGate.HALO));
        states = new LatticeJudge.States() {
            @Override
            public CalibratedJudgeState get(String subsetJson) {
                try {
                    return gates.get(subsetJson);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot read the state of " + subsetJson, e);
                }
            }

            @Override
            public void put(String subsetJson, CalibratedJudgeState state) {
                try {
                    gates.put(subsetJson, state);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot write the state of " + subsetJson, e);
                }
            }
        };
        owns = new LatticeJudge.Owns() {
            @Override
            public OwnKey get(TunedGate gate, String subsetJson) {
                try {
                    return (gate == TunedGate.TS ? ownTs : ownHalo).get(subsetJson);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot read the moved keys", e);
                }
            }

            @Override
            public void put(TunedGate gate, String subsetJson, OwnKey key) {
                try {
                    (gate == TunedGate.TS ? ownTs : ownHalo).put(subsetJson, key);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot write the moved keys", e);
                }
            }
        };
        changes = getRuntimeContext().getMetricGroup().counter("overrideChanges");
        metrics = new JudgeMetrics(getRuntimeContext().getMetricGroup());
        if (controls != null && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            controls.open(getRuntimeContext().getMetricGroup(), "controls in force of " + getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks());
        }
    }

    @Override
    public void close() throws Exception {
        if (controls != null) controls.close();
        super.close();
    }

    @Override
    public void processElement(Vote v, Context ctx, Collector<OverrideChange> out) throws Exception {
        pending.add(v.knownTs, v, ctx.timerService());
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<OverrideChange> out) throws Exception {
        List<Vote> due = pending.take(ts);
        if (due == null) return;
        due.sort(Vote::compareGeneralFirst);
        for (Vote v : due) {
            OverrideChange c = judge.onVote(v, states, owns, metrics);
            if (c != null) {
                changes.inc();
                out.collect(c);
            }
            for (OverrideChange held : metrics.takeHeld()) ctx.output(JudgeFunction.HELD, held);
        }
    }
}
