package io.pmtuner.job.testing;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A metric reporter for the MiniCluster of the integration tests: it keeps every counter of every
 * job, with its value when the job ended, by job id and metric identifier.
 */
public class CapturingReporter implements MetricReporter, MetricReporterFactory {
    private static final Map<String, Map<String, Counter>> COUNTERS = new ConcurrentHashMap<>();

    public static Configuration addTo(Configuration conf) {
        conf.setString("metrics.reporter.capture.factory.class", CapturingReporter.class.getName());
        return conf;
    }

    /** The counters of a job: identifier (scope and name, dot separated) to counter. */
    public static Map<String, Counter> counters(String jobId) {
        return COUNTERS.getOrDefault(jobId, Map.of());
    }

    /**
     * The reject metrics of a job summed over operators and subtasks: {@code "rejects"} the total, and
     * each reason code with a non-zero count.
     */
    public static Map<String, Long> rejectCounts(String jobId) {
        Map<String, Long> out = new TreeMap<>();
        Pattern byReason = Pattern.compile("\\.reason\\.([a-z_]+)\\.rejects$");
        for (Map.Entry<String, Counter> m : counters(jobId).entrySet()) {
            if (!m.getKey().endsWith(".rejects") || m.getValue().getCount() == 0) continue;
            Matcher reason = byReason.matcher(m.getKey());
            out.merge(reason.find() ? reason.group(1) : "rejects", m.getValue().getCount(), Long::sum);
        }
        return out;
    }

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return this;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        String job = group.getAllVariables().get("<job_id>");
        if (job != null && metric instanceof Counter c) {
            COUNTERS.computeIfAbsent(job, k -> new ConcurrentHashMap<>()).put(group.getMetricIdentifier(name), c);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        // kept: the counter object still holds its final count
    }
}
