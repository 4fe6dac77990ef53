package io.pmtuner.metrics;

import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Properties;

/**
 * Flink's Prometheus reporter, listening on one host only: {@code metrics.reporter.NAME.host}
 * (default 127.0.0.1) and the first free port of {@code metrics.reporter.NAME.port} (a range such as
 * 9249-9259, so that every process of a cluster on one machine gets its own). Flink's own factory
 * always listens on every interface.
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {
    static final String HOST = "host";
    static final String PORT = "port";

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new BoundPrometheusReporter(properties.getProperty(HOST, "127.0.0.1"), properties.getProperty(PORT, "9249"));
    }
}
