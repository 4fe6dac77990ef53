package io.pmtuner.job.functions;

import io.pmtuner.model.RejectReason;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.EnumMap;
import java.util.Map;

/**
 * The reject metrics of one operator: {@code rejects} in total and {@code rejects} under a
 * {@code reason} group per reason code, so a dashboard can show both.
 */
final class RejectCounters {
    private final Counter total;
    private final Map<RejectReason, Counter> byReason = new EnumMap<>(RejectReason.class);

    RejectCounters(MetricGroup group) {
        total = group.counter("rejects");
        for (RejectReason r : RejectReason.values()) {
            byReason.put(r, group.addGroup("reason", r.code()).counter("rejects"));
        }
    }

    void inc(String code) {
        total.inc();
        Counter c = byReason.get(RejectReason.valueOf(code.toUpperCase(java.util.Locale.ROOT)));
        if (c != null) c.inc();
    }
}
