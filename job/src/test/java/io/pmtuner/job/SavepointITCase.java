package io.pmtuner.job;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.tools.sim.EngineSimulator;
import io.pmtuner.job.testing.FaultyLines;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.job.testing.Tables;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static io.pmtuner.job.testing.TestJobs.awaitQuiet;
import static io.pmtuner.job.testing.TestJobs.startJob;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Determinism with savepoints, on a watched directory ({@code --follow}) as an operator runs it: stopping
 * with a savepoint mid-stream and resuming, and replaying history in two parts, must give the tables
 * of one uninterrupted run. Each run is compared once its tables have settled.
 */
class SavepointITCase extends PostgresTestBase {
    static final String[] ARGS = {"--follow", "--input.monitor-interval", "200ms", "--checkpoint.interval", "500ms",
            "--judge.min-episodes", "20", "--judge.min-acted", "5", "--judge.min-skipped", "5"};
    static final Duration QUIET = Duration.ofSeconds(3);

    static List<String> part1;
    static List<String> part2;
    static Map<String, List<Map<String, String>>> uninterrupted;

    /** 20 series x 300 bars; part 1 is the first 150 bars, part 2 the rest and one bad line. */
    @BeforeAll
    static void uninterruptedRun(@TempDir Path dir) throws Exception {
        List<String> all = EngineSimulator.lines(20, 300, 5, Instant.parse("2026-01-01T00:00:00Z"), 3600, 0.35);
        int half = all.size() / 2; // bar-major output: near a bar boundary (a bar split between parts is fine)
        part1 = all.subList(0, half);
        part2 = new java.util.ArrayList<>(all.subList(half, all.size()));
        part2.add("{\"v\":1,\"type\":\"tick\"}");

        Path in = Files.createDirectories(dir.resolve("in"));
        Files.write(in.resolve("part-1.jsonl"), part1);
        Files.write(in.resolve("part-2.jsonl"), part2);
        JdbcSettings db = newDatabase();
        JobClient job = startJob(in, db, FaultyLines.throttled("uninterrupted", 0), null, ARGS);
        uninterrupted = awaitQuiet(db, QUIET);
        job.cancel().get(1, TimeUnit.MINUTES);
        assertThat(uninterrupted.get("pm_override_history")).isNotEmpty();
    }

    static String stopWithSavepoint(JobClient job, Path dir) throws Exception {
        return job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
    }

    static void assertSameAsUninterrupted(Map<String, List<Map<String, String>>> tables) {
        for (String table : Tables.QUERIES.keySet()) assertThat(tables.get(table)).as(table).isEqualTo(uninterrupted.get(table));
    }

    @Test
    void stopWithSavepointMidStreamAndResume(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.write(in.resolve("part-1.jsonl"), part1);
        Files.write(in.resolve("part-2.jsonl"), part2);
        JdbcSettings db = newDatabase();

        // slowed down (1 ms every 2 lines) so that the stop lands while lines are still being read
        JobClient first = startJob(in, db, FaultyLines.throttled("stop-1", 2), null, ARGS);
        while (query(db, "SELECT 1 FROM pattern_episode_events LIMIT 1").isEmpty()) Thread.sleep(100);
        String savepoint = stopWithSavepoint(first, dir.resolve("savepoints"));
        int before = query(db, "SELECT episode_id FROM pattern_episode_events").size();
        assertThat(before).as("stopped mid-stream").isLessThan(uninterrupted.get("pattern_episode_events").size());

        JobClient second = startJob(in, db, FaultyLines.throttled("stop-2", 0), savepoint, ARGS);
        Map<String, List<Map<String, String>>> resumed = awaitQuiet(db, QUIET);
        second.cancel().get(1, TimeUnit.MINUTES);
        assertThat(FaultyLines.RESTORED.get("stop-2")).isTrue();
        assertSameAsUninterrupted(resumed);
    }

    @Test
    void splitReplayFirstPartThenTheRestFromASavepoint(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.write(in.resolve("part-1.jsonl"), part1);
        JdbcSettings db = newDatabase();

        JobClient first = startJob(in, db, FaultyLines.throttled("split-1", 0), null, ARGS);
        Map<String, List<Map<String, String>>> afterPart1 = awaitQuiet(db, QUIET);
        String savepoint = stopWithSavepoint(first, dir.resolve("savepoints"));
        assertThat(afterPart1.get("pattern_episode_events").size()).isLessThan(uninterrupted.get("pattern_episode_events").size());

        Files.write(in.resolve("part-2.jsonl"), part2);
        JobClient second = startJob(in, db, FaultyLines.throttled("split-2", 0), savepoint, ARGS);
        Map<String, List<Map<String, String>>> replayed = awaitQuiet(db, QUIET);
        second.cancel().get(1, TimeUnit.MINUTES);
        assertThat(FaultyLines.RESTORED.get("split-2")).isTrue();
        assertSameAsUninterrupted(replayed);
    }
}
