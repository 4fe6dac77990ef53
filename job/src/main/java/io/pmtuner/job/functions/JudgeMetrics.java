package io.pmtuner.job.functions;

import io.pmtuner.core.tuning.OverrideChange;
import io.pmtuner.core.tuning.TuningJudge;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** judgments, regimeChanges, and holds.&lt;reason&gt; (calibrated mode) as counters. */
final class JudgeMetrics implements TuningJudge.Listener {
    private final MetricGroup group;
    private final Counter judgments;
    private final Counter regimeChanges;
    private final Map<String, Counter> holds = new HashMap<>();
    private final List<OverrideChange> held = new ArrayList<>(0);

    JudgeMetrics(MetricGroup group) {
        this.group = group;
        this.judgments = group.counter("judgments");
        this.regimeChanges = group.counter("regimeChanges");
    }

    @Override
    public void judged() {
        judgments.inc();
    }

    @Override
    public void held(String reason) {
        holds.computeIfAbsent(reason, r -> group.addGroup("holds").counter(r)).inc();
    }

    @Override
    public void regimeChange() {
        regimeChanges.inc();
    }

    @Override
    public void heldByBudget(OverrideChange wouldHaveBeen) {
        held.add(wouldHaveBeen);
    }

    /** The changes held since the last call. */
    List<OverrideChange> takeHeld() {
        if (held.isEmpty()) return List.of();
        List<OverrideChange> out = List.copyOf(held);
        held.clear();
        return out;
    }
}
