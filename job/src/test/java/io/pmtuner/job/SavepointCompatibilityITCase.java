package io.pmtuner.job;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.tools.sim.EngineSimulator;
import io.pmtuner.job.testing.FaultyLines;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.job.testing.Tables;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.util.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * Upgrade compatibility: savepoints written by earlier builds are committed under
 * {@code src/test/resources/savepoints} ({@code v1}: the first release's; {@code v2}: the build before the
 * quorum clock, whose stream clock and transition state this one migrates), and this build must restore
 * each and carry on exactly as an uninterrupted run would. A change that breaks restoring one fails here;
 * to add a fixture from the current build, run {@code mvn verify -pl job -Dit.test=SavepointCompatibilityITCase
 * -Dsavepoint.fixture.write=v3} and say why in the commit.
 */
class SavepointCompatibilityITCase extends PostgresTestBase {
    static final Path FIXTURES = Path.of("src/test/resources/savepoints");
    static final String[] ARGS = {"--follow", "--input.monitor-interval", "200ms", "--checkpoint.interval", "500ms",
            "--judge.min-episodes", "10", "--judge.min-acted", "3", "--judge.min-skipped", "3"};
    static final Duration QUIET = Duration.ofSeconds(3);

    /** 6 series x 160 bars; the savepoint was taken after the first 80 bars. */
    static List<List<String>> parts() throws java.io.IOException {
        // the fixture's builds wrote gates without base
        return parts(false);
    }

    /** With {@code gateBase}: the input of the calibrated fixture, whose judge needs each gate's base. */
    static List<List<String>> parts(boolean gateBase) throws java.io.IOException {
        List<String> all = EngineSimulator.lines(6, 160, 21, Instant.parse("2026-02-01T00:00:00Z"), 3600, 0.4, gateBase);
        int half = all.size() / 2;
        return List.of(all.subList(0, half), all.subList(half, all.size()));
    }

    @Test
    @EnabledIfSystemProperty(named = "savepoint.fixture.write", matches = "v[0-9]+")
    void writeTheFixture(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.write(in.resolve("part-1.jsonl"), parts().get(0));
        JdbcSettings db = newDatabase();
        JobClient job = startJob(in, db, FaultyLines.throttled("fixture", 0), null, ARGS);
        awaitQuiet(db, QUIET);
        Path savepoint = Path.of(java.net.URI.create(job.stopWithSavepoint(false, dir.resolve("sp").toUri().toString(),
                SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES)));
        Path fixture = FIXTURES.resolve(System.getProperty("savepoint.fixture.write"));
        if (Files.exists(fixture)) FileUtils.deleteDirectory(fixture.toFile());
        FileUtils.copy(new org.apache.flink.core.fs.Path(savepoint.toUri()), new org.apache.flink.core.fs.Path(fixture.toAbsolutePath().toUri()), false);
    }

    /** The fixtures were written on the heap; a canonical savepoint restores into either backend, RocksDB migrating what changed form. */
    @ParameterizedTest(name = "{0} into {1}")
    @CsvSource({"v1, hashmap", "v1, rocksdb", "v2, hashmap", "v2, rocksdb"})
    void restoresTheCommittedSavepointAndCarriesOn(String version, String backend, @TempDir Path dir) throws Exception {
        Runs runs = restoreAndRunThrough(version, backend, parts(), ARGS, dir);
        Map<String, List<Map<String, String>>> expected = runs.uninterrupted();
        Map<String, List<Map<String, String>>> restored = runs.restored();

        // every row the restored job wrote is the uninterrupted run's row, value for value
        for (String table : Tables.QUERIES.keySet()) {
            assertThat(expected.get(table)).as(table).containsAll(restored.get(table));
        }
        // and the state came back: lessons count the episodes of part 1 too, and every one that changed is there
        Map<String, String> globalS1 = global(restored);
        assertThat(globalS1).isEqualTo(global(expected));
        assertThat(Long.parseLong(globalS1.get("n_votes"))).isGreaterThan(countResolvedIn(restored));
        assertThat(restored.get("pattern_episode_events")).isNotEmpty();
    }

    /** The tables of an uninterrupted run of both parts, and of a run of part 2 restored from a committed fixture. */
    record Runs(Map<String, List<Map<String, String>>> uninterrupted, Map<String, List<Map<String, String>>> restored) {}

    private static Runs restoreAndRunThrough(String version, String backend, List<List<String>> parts, String[] args, Path dir) throws Exception {
        Path fixture = FIXTURES.resolve(version);
        assertThat(fixture.resolve("_metadata")).as("the committed savepoint").exists();
        Path savepoint = dir.resolve("savepoint");
        FileUtils.copy(new org.apache.flink.core.fs.Path(fixture.toAbsolutePath().toUri()), new org.apache.flink.core.fs.Path(savepoint.toUri()), false);

        // uninterrupted: both parts in one run
        Path all = Files.createDirectories(dir.resolve("all"));
        Files.write(all.resolve("part-1.jsonl"), parts.get(0));
        Files.write(all.resolve("part-2.jsonl"), parts.get(1));
        JdbcSettings reference = newDatabase();
        JobClient ref = startJob(all, reference, FaultyLines.throttled("compat-ref", 0), null, args);
        Map<String, List<Map<String, String>>> expected = awaitQuiet(reference, QUIET);
        ref.cancel().get(1, TimeUnit.MINUTES);

        // restored: part 2 only, from the committed savepoint, into empty tables
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

    private static Map<String, String> global(Map<String, List<Map<String, String>>> tables) {
        try (Stream<Map<String, String>> s = tables.get("learning_lessons").stream()) {
            return s.filter(r -> "pm.s1_entry".equals(r.get("pattern_key")) && "{}".equals(r.get("scope_subset"))).findFirst().orElseThrow();
        }
    }

    private static long countResolvedIn(Map<String, List<Map<String, String>>> tables) {
        return tables.get("pattern_episode_events").stream()
                .filter(r -> "pm.s1_entry".equals(r.get("pattern_key")) && r.get("outcome") != null).count();
    }

    /**
     * A calibrated run's savepoint from the build before the lattice judge (fixture v2-calibrated: the same
     * input with gate bases, {@code --judge.mode calibrated}, taken after the first 80 bars). It restores
     * into either backend and everything but the judge carries on as an uninterrupted run would; the judge
     * starts learning again, since it now keeps its state per pattern where that build kept it per subset.
     */
    @ParameterizedTest(name = "into {0}")
    @CsvSource({"hashmap", "rocksdb"})
    void restoresACalibratedSavepointOfTheBuildBeforeTheLatticeJudge(String backend, @TempDir Path dir) throws Exception {
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(ARGS), java.util.stream.Stream.of("--judge.mode", "calibrated"))
                .toArray(String[]::new);
        Runs runs = restoreAndRunThrough("v2-calibrated", backend, parts(true), args, dir);
        Map<String, List<Map<String, String>>> expected = runs.uninterrupted();
        Map<String, List<Map<String, String>>> restored = runs.restored();

        for (String table : List.of("pattern_episode_events", "ingest_rejects", "learning_lessons")) {
            assertThat(expected.get(table)).as(table).containsAll(restored.get(table));
        }
        assertThat(global(restored)).isEqualTo(global(expected));
        assertThat(restored.get("pattern_episode_events")).isNotEmpty();
    }
}
