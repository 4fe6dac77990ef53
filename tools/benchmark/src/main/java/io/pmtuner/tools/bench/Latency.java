package io.pmtuner.tools.bench;

import io.pmtuner.job.config.JobParameters;
import io.pmtuner.job.config.JobConfig;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.JobAssembly;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The live run: the job fed at a fixed rate; for every episode resolved and every override changed,
 * the time from the line that resolved it entering the job to its row's write in PostgreSQL
 * ({@code updated_at}, {@code recorded_at}: the server's clock, the same machine's). Then the state per
 * series from a savepoint, and the peak heap.
 */
final class Latency {
    private static final String MILLIS = "(extract(epoch FROM %s) * 1000)::bigint";

    private Latency() {}

    /** The live run on {@code backend} (hashmap, rocksdb or forst). */
    static Results.Live run(Benchmark b, String backend) throws Exception {
        int bars = (int) Math.max(3, b.latencyRate * b.latencySeconds / b.latencySeries);
        List<String> lines = Input.lines(b.latencySeries, bars, b.seed);
        Map<String, NavigableMap<Long, Integer>> ticks = Input.tickIndex(lines);
        LiveSource.prepare(lines);

        JdbcSettings db = b.newDatabase();
        JobParameters cfg = b.config(db, b.latencyParallelism, "--checkpoint.interval", "10s");
        StreamExecutionEnvironment env = b.environment(cfg, backend);
        JobAssembly.of(cfg).lines(e -> Benchmark.liveLines(e, b.latencyRate)).onto(env);
        Benchmark.resetPeakHeap();
        JobClient job = env.executeAsync("pm-tuner-live");
        long deadline = System.currentTimeMillis() + (b.latencySeconds * 3L + 120) * 1000;
        while (!LiveSource.allEmitted() && System.currentTimeMillis() < deadline) Thread.sleep(200);
        Thread.sleep(3000); // the last bar's rows
        long heap = Benchmark.peakHeap();
        long stateBytes = Benchmark.savepointBytes(job, b.dataDir().resolve("savepoints"));

        long[] at = LiveSource.emittedAt;
        List<Long> episodes = latencies(db, "SELECT series->>'contract', " + MILLIS.formatted("outcome_ts") + ", "
                + MILLIS.formatted("window_end_ts") + ", " + MILLIS.formatted("updated_at")
                + " FROM pattern_episode_events WHERE outcome IS NOT NULL", ticks, at);
        List<Long> overrides = latencies(db, "SELECT e.series->>'contract', " + MILLIS.formatted("e.outcome_ts") + ", "
                + MILLIS.formatted("e.window_end_ts") + ", " + MILLIS.formatted("h.recorded_at") + " FROM pm_override_history h"
                + " JOIN pattern_episode_events e ON e.episode_id = h.trigger_episode_id", ticks, at);

        Percentiles e = Percentiles.of(episodes), o = Percentiles.of(overrides);
        return new Results.Live(backend, b.latencyRate, Math.round(lines.size() * 1000.0 / Math.max(1, at[at.length - 1] - at[0])),
                b.latencySeries, b.latencyParallelism, lines.size(), episodes.size(), e.p50, e.p99, e.max,
                overrides.size(), o.p50, o.p99, o.max, stateBytes / b.latencySeries, heap / (1024 * 1024));
    }

    /**
     * Rows of (contract, outcome_ts, window_end_ts, write time). The line that resolved an episode is
     * the tick at its outcome, unless the outcome was already decided inside the window: then the
     * episode is only known when the window closes, on the series' next tick after window_end_ts.
     */
    private static List<Long> latencies(JdbcSettings db, String sql, Map<String, NavigableMap<Long, Integer>> ticks,
                                        long[] emittedAt) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Integer line = resolvingLine(ticks.get(rs.getString(1)), rs.getLong(2), rs.getLong(3));
                if (line == null || emittedAt[line] == 0) continue;
                out.add(rs.getLong(4) - emittedAt[line]);
            }
        }
        Collections.sort(out);
        return out;
    }

    /** The line of the tick that made an episode known, from its series' ticks (bar time to line). */
    static Integer resolvingLine(NavigableMap<Long, Integer> seriesTicks, long outcomeTs, long windowEndTs) {
        if (seriesTicks == null) return null;
        Map.Entry<Long, Integer> tick = outcomeTs > windowEndTs ? seriesTicks.ceilingEntry(outcomeTs) : seriesTicks.higherEntry(windowEndTs);
        return tick == null ? null : tick.getValue();
    }

    /** The median, 99th percentile and maximum of sorted figures; nulls where there is none. */
    record Percentiles(Long p50, Long p99, Long max) {
        static Percentiles of(List<Long> sorted) {
            if (sorted.isEmpty()) return new Percentiles(null, null, null);
            return new Percentiles(sorted.get(sorted.size() / 2),
                    sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)), sorted.get(sorted.size() - 1));
        }
    }
}
