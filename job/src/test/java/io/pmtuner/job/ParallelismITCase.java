package io.pmtuner.job;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.tools.sim.EngineSimulator;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.job.testing.Tables;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Determinism: the same events give the same tables whatever the parallelism (1, 2, 4) and whatever order
 * the series' events are interleaved in, so whatever order resolved episodes reach the miner and judge.
 * Processing timestamps (created_at, updated_at, recorded_at) and serial ids are left out.
 */
public class ParallelismITCase extends PostgresTestBase {
    public static final String[] JUDGE = {"--judge.min-episodes", "20", "--judge.min-acted", "5", "--judge.min-skipped", "5"};

    static Map<String, List<Map<String, String>>> reference;
    static Path input;
    static Path shuffled;

    @BeforeAll
    static void referenceRun(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(EngineSimulator.lines(30, 400, 7, Instant.parse("2026-01-01T00:00:00Z"), 3600, 0.35));
        lines.add("not json at all");
        input = Files.write(dir.resolve("sim.jsonl"), lines);
        shuffled = Files.write(dir.resolve("shuffled.jsonl"), interleaveDifferently(lines, new Random(11)));
        reference = tables(input, "1");
    }

    /** The tables of a run over {@code in} at {@code parallelism}, with the judge's small minimums and {@code more} options. */
    public static Map<String, List<Map<String, String>>> tables(Path in, String parallelism, String... more) throws Exception {
        JdbcSettings db = newDatabase();
        List<String> args = new ArrayList<>(List.of("--parallelism", parallelism));
        args.addAll(List.of(JUDGE));
        args.addAll(List.of(more));
        runJob(in, db, args.toArray(new String[0]));
        return Tables.snapshot(db);
    }

    /**
     * The same events with the series of each bar in another order: each series' own lines keep their
     * order, only the interleaving of series changes (as several producers would interleave them).
     */
    static List<String> interleaveDifferently(List<String> lines, Random random) {
        Pattern barAndSeries = Pattern.compile("\"series\":(\\{[^}]*}).*\"bar_ts\":\"([^\"]+)\"");
        List<String> out = new ArrayList<>();
        Map<String, List<String>> bar = new LinkedHashMap<>();
        String barTs = null;
        for (String line : lines) {
            Matcher m = barAndSeries.matcher(line);
            String ts = m.find() ? m.group(2) : barTs;
            String series = m.find(0) ? m.group(1) : "?";
            if (barTs != null && !barTs.equals(ts)) flush(bar, out, random);
            barTs = ts;
            bar.computeIfAbsent(series, k -> new ArrayList<>()).add(line);
        }
        flush(bar, out, random);
        return out;
    }

    private static void flush(Map<String, List<String>> bar, List<String> out, Random random) {
        List<List<String>> groups = new ArrayList<>(bar.values());
        Collections.shuffle(groups, random);
        groups.forEach(out::addAll);
        bar.clear();
    }

    @Test
    void theReferenceRunHasLessonsAndOverridesToCompare() {
        assertThat(reference.get("pattern_episode_events")).hasSizeGreaterThan(100)
                .anySatisfy(r -> assertThat(r.get("outcome")).isNull());
        assertThat(reference.get("learning_lessons")).hasSizeGreaterThan(20);
        assertThat(reference.get("pm_overrides")).hasSizeGreaterThan(3);
        // some subsets changed more than once: the evidence window restarted in between
        assertThat(reference.get("pm_override_history")).hasSizeGreaterThan(reference.get("pm_overrides").size());
        assertThat(reference.get("ingest_rejects")).hasSize(1);
    }

    @Test
    void theInterleavingIsReallyDifferent() throws Exception {
        assertThat(Files.readAllLines(shuffled)).isNotEqualTo(Files.readAllLines(input))
                .containsExactlyInAnyOrderElementsOf(Files.readAllLines(input));
    }

    @Test
    void parallelismTwoWritesIdenticalTables() throws Exception {
        assertSameTables(tables(input, "2"));
    }

    @Test
    void parallelismFourWritesIdenticalTables() throws Exception {
        assertSameTables(tables(input, "4"));
    }

    @Test
    void anotherInterleavingAtParallelismTwoWritesIdenticalTables() throws Exception {
        assertSameTables(tables(shuffled, "2"));
    }

    private static void assertSameTables(Map<String, List<Map<String, String>>> other) {
        for (String table : Tables.QUERIES.keySet()) {
            assertThat(other.get(table)).as(table).isEqualTo(reference.get(table));
        }
    }
}
