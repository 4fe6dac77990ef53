package io.pmtuner.job.testing;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.tools.sim.EngineSimulator;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.util.FileUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.TestJobs.awaitQuiet;
import static io.pmtuner.job.testing.TestJobs.startJob;
import static io.pmtuner.job.testing.TestJobs.startJobOn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runs behind the committed savepoint fixtures: their input (6 series x 160 bars, the savepoint taken
 * after the first 80), writing a fixture from the current build, and restoring one to compare its tables
 * with an uninterrupted run's. Fixtures of this build are in the job module; those of earlier builds,
 * which go through {@code upgrade-savepoint} first, in the cli module.
 */
public final class SavepointRuns {
    public static final String[] ARGS = {"--follow", "--input.monitor-interval", "200ms", "--checkpoint.interval", "500ms",
            "--judge.min-episodes", "10", "--judge.min-acted", "3", "--judge.min-skipped", "3"};
    /** The same, with the calibrated judge (whose input needs each gate's base). */
    public static final String[] CALIBRATED_ARGS = Stream.concat(Arrays.stream(ARGS), Stream.of("--judge.mode", "calibrated")).toArray(String[]::new);
    static final Duration QUIET = Duration.ofSeconds(3);

    private SavepointRuns() {}

    /** The two halves of the fixtures' input; {@code gateBase}: with each gate's base (the calibrated fixtures; the first builds wrote none). */
    public static List<List<String>> parts(boolean gateBase) {
        List<String> all = EngineSimulator.lines(6, 160, 21, Instant.parse("2026-02-01T00:00:00Z"), 3600, 0.4, gateBase);
        int half = all.size() / 2;
        return List.of(all.subList(0, half), all.subList(half, all.size()));
    }

    /** Runs the first half with {@code args}, stops with a canonical savepoint, and puts it at {@code fixture} (replacing one there). */
    public static void writeFixture(Path fixture, List<List<String>> parts, String[] args, Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.write(in.resolve("part-1.jsonl"), parts.get(0));
        JdbcSettings db = newDatabase();
        JobClient job = startJob(in, db, FaultyLines.throttled("fixture", 0), null, args);
        awaitQuiet(db, QUIET);
        Path savepoint = Path.of(java.net.URI.create(job.stopWithSavepoint(false, dir.resolve("sp").toUri().toString(),
                SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES)));
        if (Files.exists(fixture)) FileUtils.deleteDirectory(fixture.toFile());
        copy(savepoint, fixture);
    }

    /** The tables of an uninterrupted run of both parts, and of a run of part 2 restored from a savepoint. */
    public record Runs(Map<String, List<Map<String, String>>> uninterrupted, Map<String, List<Map<String, String>>> restored) {}

    /** Runs both parts uninterrupted, and part 2 alone restored from {@code savepoint} into {@code backend}, each into empty tables. */
    public static Runs restoreAndRunThrough(Path savepoint, String backend, List<List<String>> parts, String[] args, Path dir) throws Exception {
        assertThat(savepoint.resolve("_metadata")).as("the savepoint").exists();
        Path all = Files.createDirectories(dir.resolve("all"));
        Files.write(all.resolve("part-1.jsonl"), parts.get(0));
        Files.write(all.resolve("part-2.jsonl"), parts.get(1));
        JdbcSettings reference = newDatabase();
        JobClient ref = startJob(all, reference, FaultyLines.throttled("compat-ref", 0), null, args);
        Map<String, List<Map<String, String>>> expected = awaitQuiet(reference, QUIET);
        ref.cancel().get(1, TimeUnit.MINUTES);

        Path rest = Files.createDirectories(dir.resolve("rest"));
        Files.write(rest.resolve("part-2.jsonl"), parts.get(1));
        JdbcSettings db = newDatabase();
        FaultyLines.RESTORED.remove("compat"); // what this run says, not an earlier one
        JobClient job = startJobOn(backend, rest, db, FaultyLines.throttled("compat", 0), savepoint.toUri().toString(), args);
        Map<String, List<Map<String, String>>> restored = awaitQuiet(db, QUIET);
        job.cancel().get(1, TimeUnit.MINUTES);
        assertThat(FaultyLines.RESTORED.get("compat")).as("the job restored the savepoint").isTrue();
        return new Runs(expected, restored);
    }

    /**
     * That the restored run carried on as the uninterrupted one: every row it wrote to {@code tables} is the
     * uninterrupted run's, value for value, the global S1 lesson is the same (so part 1's episodes were in
     * the restored state), and it wrote episodes.
     */
    public static void assertCarriedOn(Runs runs, List<String> tables) {
        for (String table : tables) {
            assertThat(runs.uninterrupted().get(table)).as(table).containsAll(runs.restored().get(table));
        }
        Map<String, String> globalS1 = globalS1(runs.restored());
        assertThat(globalS1).isEqualTo(globalS1(runs.uninterrupted()));
        assertThat(Long.parseLong(globalS1.get("n_votes"))).as("votes counted, part 1's too")
                .isGreaterThan(countResolvedS1(runs.restored()));
        assertThat(runs.restored().get("pattern_episode_events")).isNotEmpty();
    }

    /** Every table the job writes. */
    public static List<String> allTables() {
        return List.copyOf(Tables.QUERIES.keySet());
    }

    /** A copy of a savepoint directory, so that a test never writes into a committed fixture. */
    public static Path copy(Path from, Path to) throws IOException {
        FileUtils.copy(new org.apache.flink.core.fs.Path(from.toAbsolutePath().toUri()), new org.apache.flink.core.fs.Path(to.toAbsolutePath().toUri()), false);
        return to;
    }

    private static Map<String, String> globalS1(Map<String, List<Map<String, String>>> tables) {
        try (Stream<Map<String, String>> s = tables.get("learning_lessons").stream()) {
            return s.filter(r -> "pm.s1_entry".equals(r.get("pattern_key")) && "{}".equals(r.get("scope_subset"))).findFirst().orElseThrow();
        }
    }

    private static long countResolvedS1(Map<String, List<Map<String, String>>> tables) {
        return tables.get("pattern_episode_events").stream()
                .filter(r -> "pm.s1_entry".equals(r.get("pattern_key")) && r.get("outcome") != null).count();
    }
}
