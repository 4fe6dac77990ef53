package io.pmtuner.job;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.tools.sim.EngineSimulator;
import io.pmtuner.job.testing.FaultyLines;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.job.testing.Tables;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failure and recovery: with checkpoints every 100 ms, the job fails once at a line chosen
 * from a seed, restarts under its restart strategy from the last checkpoint, and must end with tables
 * identical to a clean run, row for row. CI runs 5 seeds; {@code -Dfaults.seeds=20} runs 20.
 */
class FailureRecoveryITCase extends PostgresTestBase {
    static final String[] ARGS = {"--judge.min-episodes", "20", "--judge.min-acted", "5", "--judge.min-skipped", "5"};

    static Path input;
    static long lines;
    static Map<String, List<Map<String, String>>> clean;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, Long.getLong("faults.seeds", 5));
    }

    @BeforeAll
    static void cleanRun(@TempDir Path dir) throws Exception {
        input = dir.resolve("sim.jsonl");
        try (Writer w = Files.newBufferedWriter(input)) {
            EngineSimulator.write(w, 20, 300, 3, Instant.parse("2026-01-01T00:00:00Z"), 3600, 0.35);
            w.write("{\"v\":1,\"type\":\"tick\"}\n");
        }
        lines = Files.lines(input).count();
        JdbcSettings db = newDatabase();
        runJob(input, db, ARGS);
        clean = Tables.snapshot(db);
        assertThat(clean.get("pm_override_history")).isNotEmpty();
        assertThat(clean.get("pattern_episode_events")).hasSizeGreaterThan(100);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aFailureAndRecoveryFromACheckpointChangeNothing(long seed) throws Exception {
        Random random = new Random(seed);
        long failAt = lines * 4 / 10 + random.nextInt((int) (lines / 2));
        String run = "recovery-" + seed;
        JdbcSettings db = newDatabase();

        runJob(input, db, new FaultyLines<>(run, failAt, 3), concat(ARGS, "--checkpoint.interval", "100ms"));

        assertThat(FaultyLines.ATTEMPTS.get(run)).as("the job failed and ran again").isEqualTo(1);
        assertThat(FaultyLines.RESTORED.get(run)).as("and restored a checkpoint").isTrue();
        Map<String, List<Map<String, String>>> recovered = Tables.snapshot(db);
        for (String table : Tables.QUERIES.keySet()) {
            assertThat(recovered.get(table)).as("%s after a failure at line %d of %d", table, failAt, lines)
                    .isEqualTo(clean.get(table));
        }
    }

    static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
