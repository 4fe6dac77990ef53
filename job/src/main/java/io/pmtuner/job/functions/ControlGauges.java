package io.pmtuner.job.functions;

import io.pmtuner.job.db.JdbcSettings;

import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The operators' controls in force, as gauges for dashboards and alerts ({@code controls.frozenPatterns},
 * {@code controls.pinnedKeys}, {@code controls.shadowKeys}): read from the control log every
 * {@value #INTERVAL_SECONDS} s on a thread of their own. Metrics only: the job's decisions never read
 * the control log, which acts when the engine reads its gates. -1 until the first read succeeds.
 */
final class ControlGauges implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ControlGauges.class);
    static final long INTERVAL_SECONDS = 30;
    private static final String QUERY = "SELECT (SELECT count(*) FROM pm_patterns p WHERE pm_freeze(p.tuning_key) IS NOT NULL),"
            + " (SELECT count(*) FROM pm_applied_overrides a WHERE a.source IN ('pin', 'rollback')),"
            + " (SELECT count(*) FROM pm_applied_overrides a WHERE a.source = 'approved')";

    private final JdbcSettings db;
    private transient volatile long[] values;
    private transient ScheduledExecutorService reader;

    ControlGauges(JdbcSettings db) {
        this.db = db;
    }

    void open(MetricGroup metrics, String threadName) {
        values = new long[] {-1, -1, -1};
        MetricGroup g = metrics.addGroup("controls");
        g.gauge("frozenPatterns", (Gauge<Long>) () -> values[0]);
        g.gauge("pinnedKeys", (Gauge<Long>) () -> values[1]);
        g.gauge("shadowKeys", (Gauge<Long>) () -> values[2]);
        reader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        reader.scheduleWithFixedDelay(this::read, 0, INTERVAL_SECONDS, TimeUnit.SECONDS);
    }

    private void read() {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(QUERY); ResultSet rs = ps.executeQuery()) {
            rs.next();
            values = new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        } catch (Exception e) {
            LOG.warn("Cannot read the controls in force from {}: {}", db, e.getMessage());
        }
    }

    void close() {
        if (reader != null) reader.shutdownNow();
    }
}
