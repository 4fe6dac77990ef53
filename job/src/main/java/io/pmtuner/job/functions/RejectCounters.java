package io.pmtuner.job.functions;

import io.pmtuner.model.RejectReason;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.EnumMap;
import java.util.Map;

/**
 * The reject metrics of one operator: {@code rejects} in total and {@code rejects} under a
 * {@code reason} group per reason code, so a dashboard can show both; and the run's progress count.
 */
final class RejectCounters {
    private final Counter total;
    private final Map<RejectReason, Counter> byReason = new EnumMap<>(RejectReason.class);
    private final LongCounter progress;

    RejectCounters(RuntimeContext ctx) {
        MetricGroup group = ctx.getMetricGroup();
        progress = Progress.counter(ctx, Progress.REJECTS);
        total = group.counter("rejects");
        for (RejectReason r : RejectReason.values()) {
            byReason.put(r, group.addGroup("reason", r.code()).counter("rejects"));
        }
    }

    void inc(String code) {
        total.inc();
        progress.add(1);
        Counter c = byReason.get(RejectReason.valueOf(code.toUpperCase(java.util.Locale.ROOT)));
        if (c != null) c.inc();
    }
}
