package io.pmtuner.job.functions;

import io.pmtuner.core.tuning.JudgeParameters;
import io.pmtuner.core.tuning.OverrideChange;
import io.pmtuner.core.tuning.JudgeModes;
import io.pmtuner.core.tuning.TuningJudge;
import io.pmtuner.core.tuning.Vote;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;


/**
 * The judge, keyed like the miner and fed by it in event-time order (docs/design.md "The pipeline"): hands each vote that is
 * evidence to the configured {@link TuningJudge} mode ({@code --judge.mode}) and emits the changes it
 * makes. Each mode keeps its own keyed state, so a savepoint taken in one mode restores in the other
 * (which then starts from no evidence).
 */
public class JudgeFunction<S> extends KeyedProcessFunction<String, Vote, OverrideChange> {
    private static final long serialVersionUID = 1L;

    /** Changes the change budget held back, with their evidence (the first of each key's day), for {@code pm_judge_holds}. */
    public static final OutputTag<OverrideChange> HELD = new OutputTag<>("held-by-budget", TypeInformation.of(OverrideChange.class));

    private final TuningJudge<S> judge;
    /** Gauges of the controls in force, read from the database (the first subtask of the live judge only); null: none. */
    private ControlGauges controls;
    private transient ValueState<S> state;
    private transient Counter changes;
    private transient JudgeMetrics metrics;

    /** A judge mode's keyed state, by the mode's name and class. */
    public static <S> ValueStateDescriptor<S> stateOf(String name, Class<S> type) {
        return new ValueStateDescriptor<>(name, TypeInformation.of(type));
    }

    public JudgeFunction(TuningJudge<S> judge) {
        this.judge = judge;
    }

    /** The judge of {@code --judge.mode}. */
    public static JudgeFunction<?> of(JudgeParameters settings, boolean withDataGap) {
        return new JudgeFunction<>(JudgeModes.judge(settings, withDataGap));
    }

    /** This judge, with gauges of the controls in force in {@code db} (read by its first subtask). */
    public JudgeFunction<S> withControlGauges(io.pmtuner.job.db.JdbcSettings db) {
        this.controls = new ControlGauges(db);
        return this;
    }

    @Override
    public void close() throws Exception {
        if (controls != null) controls.close();
        super.close();
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(stateOf(judge.stateName(), judge.stateClass()));
        changes = getRuntimeContext().getMetricGroup().counter("overrideChanges");
        metrics = new JudgeMetrics(getRuntimeContext().getMetricGroup());
        if (controls != null && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            controls.open(getRuntimeContext().getMetricGroup(), "controls in force of " + getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks());
        }
    }

    @Override
    public void processElement(Vote v, Context ctx, Collector<OverrideChange> out) throws Exception {
        S s = state.value();
        if (s == null) s = judge.newState();
        if (!judge.isEvidence(s, v)) return;
        OverrideChange c = judge.onVote(s, v, metrics);
        if (c != null) {
            changes.inc();
            out.collect(c);
        }
        for (OverrideChange held : metrics.takeHeld()) ctx.output(HELD, held);
        state.update(s);
    }
}
