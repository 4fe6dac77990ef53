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
import java.util.LinkedHashMap;
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

    static Map<String, Object> run(Benchmark b) throws Exception {
        int bars = (int) Math.max(3, b.latencyRate * b.latencySeconds / b.latencySeries);
        List<String> lines = Input.lines(b.latencySeries, bars, b.seed);
        Map<String, NavigableMap<Long, Integer>> ticks = Input.tickIndex(lines);
        LiveSource.prepare(lines);

        JdbcSettings db = b.newDatabase();
        JobParameters cfg = b.config(db, b.latencyParallelism, "--checkpoint.interval", "10s");
        StreamExecutionEnvironment env = b.environment(cfg, "hashmap");
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

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rate_events_per_s", b.latencyRate);
        out.put("achieved_events_per_s", Math.round(lines.size() * 1000.0 / Math.max(1, at[at.length - 1] - at[0])));
        out.put("series", b.latencySeries);
        out.put("parallelism", b.latencyParallelism);
        out.put("events", lines.size());
        out.put("episodes_resolved", episodes.size());
        putPercentiles(out, "episode_ms", episodes);
        out.put("override_changes", overrides.size());
        putPercentiles(out, "override_ms", overrides);
        out.put("state_bytes_per_series", stateBytes / b.latencySeries);
        out.put("peak_heap_mb", heap / (1024 * 1024));
        return out;
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

    private static void putPercentiles(Map<String, Object> out, String name, List<Long> sorted) {
        if (sorted.isEmpty()) return;
        out.put(name + "_p50", sorted.get(sorted.size() / 2));
        out.put(name + "_p99", sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)));
        out.put(name + "_max", sorted.get(sorted.size() - 1));
    }
}
