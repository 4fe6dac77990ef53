package io.pmtuner.job.functions;

import io.pmtuner.job.config.JudgeSettings;
import io.pmtuner.job.tuning.Evidence;
import io.pmtuner.job.tuning.JudgeRules;
import io.pmtuner.job.tuning.JudgeState;
import io.pmtuner.job.tuning.Judgment;
import io.pmtuner.job.tuning.OverrideChange;
import io.pmtuner.job.tuning.Vote;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The judge (SPEC 6), keyed like the miner and fed by it in event-time order: after each vote that is
 * evidence, it applies the rules to the evidence window and, when the multipliers move, emits a change
 * and starts a new window. Episodes decided before a change never count for the next one.
 */
public class JudgeFunction extends KeyedProcessFunction<String, Vote, OverrideChange> {
    private static final long serialVersionUID = 1L;

    private final JudgeSettings settings;
    private final boolean withDataGap;
    private transient ValueState<JudgeState> state;
    private transient Counter judgments;
    private transient Counter changes;

    public JudgeFunction(JudgeSettings settings, boolean withDataGap) {
        this.settings = settings;
        this.withDataGap = withDataGap;
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("judge", TypeInformation.of(JudgeState.class)));
        judgments = getRuntimeContext().getMetricGroup().counter("judgments");
        changes = getRuntimeContext().getMetricGroup().counter("overrideChanges");
    }

    @Override
    public void processElement(Vote v, Context ctx, Collector<OverrideChange> out) throws Exception {
        JudgeState s = state.value();
        if (s == null) s = new JudgeState();
        if (!s.isEvidence(v, withDataGap)) return;
        s.window.add(v);
        judgments.inc();
        Judgment j = JudgeRules.judge(s, settings);
        if (j != null && !j.sameMultipliers(s)) {
            OverrideChange c = Evidence.change(v, s, j);
            s.change(j, v.outcomeTs);
            changes.inc();
            out.collect(c);
        }
        state.update(s);
    }
}
