package io.pmtuner.metrics;

import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.util.PortRange;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.util.Iterator;

/**
 * The metrics of Flink's Prometheus reporter (names, labels, histograms: all its own) served on a
 * given host. Flink keeps the registry the metrics go to to itself, so it is read by reflection, once.
 */
final class BoundPrometheusReporter extends AbstractPrometheusReporter {
    private final HTTPServer server;

    BoundPrometheusReporter(String host, String ports) {
        CollectorRegistry registry = registryOf(this);
        HTTPServer started = null;
        for (Iterator<Integer> it = new PortRange(ports).getPortsIterator(); it.hasNext() && started == null; ) {
            int port = it.next();
            try {
                started = new HTTPServer(new InetSocketAddress(host, port), registry, true);
                log.info("Prometheus metrics on http://{}:{}/metrics", host, port);
            } catch (IOException busy) {
                log.debug("Port {} on {} is taken, trying the next", port, host);
            }
        }
        if (started == null) throw new IllegalStateException("no free port for the Prometheus metrics in " + ports + " on " + host);
        server = started;
    }

    @Override
    public void close() {
        server.stop();
        super.close();
    }

    private static CollectorRegistry registryOf(AbstractPrometheusReporter reporter) {
        try {
            Field f = AbstractPrometheusReporter.class.getDeclaredField("registry");
            f.setAccessible(true);
            return (CollectorRegistry) f.get(reporter);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("this flink-metrics-prometheus keeps its registry elsewhere: update BoundPrometheusReporter", e);
        }
    }
}
