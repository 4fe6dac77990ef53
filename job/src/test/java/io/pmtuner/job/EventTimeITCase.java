package io.pmtuner.job;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.tools.sim.EngineSimulator;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.job.testing.Tables;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event time belongs to the stream: well-formed lines with wrong times, each of a kind that used to
 * move event time, are rejected with their own reason and every other line is judged as without them
 * (the same rows in every table, nothing late), at p=1 and p=2. An engine-wide jump (every series
 * resumes days later) is real and is accepted.
 */
class EventTimeITCase extends PostgresTestBase {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static List<String> clean;
    static Map<String, List<Map<String, String>>> reference;
    static Path dir;

    @BeforeAll
    static void cleanRun(@TempDir Path tmp) throws Exception {
        dir = tmp;
        clean = EngineSimulator.lines(30, 300, 21, T0, 3600, 0.35);
        reference = tables(Files.write(dir.resolve("clean.jsonl"), clean), "1");
        assertThat(reference.get("pattern_episode_events")).hasSizeGreaterThan(100);
        assertThat(reference.get("ingest_rejects")).isEmpty();
    }

    static Map<String, List<Map<String, String>>> tables(Path in, String parallelism) throws Exception {
        JdbcSettings db = newDatabase();
        runJob(in, db, "--parallelism", parallelism, "--judge.min-episodes", "20", "--judge.min-acted", "5", "--judge.min-skipped", "5");
        return Tables.snapshot(db);
    }

    /** A copy of {@code line} with its bar time replaced (and, for a new series, its contract). */
    private static String moved(String line, Instant barTs, String contract) throws Exception {
        ObjectNode o = (ObjectNode) MAPPER.readTree(line);
        o.put("bar_ts", barTs.toString());
        if (contract != null) ((ObjectNode) o.get("series")).put("contract", contract);
        return o.toString();
    }

    private static Instant barOf(String line) throws Exception {
        return Instant.parse(MAPPER.readTree(line).get("bar_ts").asText());
    }

    /** The index of the first line from {@code from} on that is of {@code type} and (if given) not of {@code notContract}. */
    private static int find(int from, String type, String notContract) {
        for (int i = from; ; i++) {
            String l = clean.get(i);
            if (l.contains("\"type\":\"" + type + "\"") && (notContract == null || !l.contains("\"contract\":\"" + notContract + "\""))) return i;
        }
    }

    private static String contractOf(String line) throws Exception {
        return MAPPER.readTree(line).get("series").get("contract").asText();
    }

    @Test
    void wrongTimesAreRejectedWithTheirReasonAndChangeNothingElse() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>(); // raw -> reason
        List<String> poisoned = new ArrayList<>(clean);
        int third = clean.size() / 3;

        // the first line, its year corrupted: the warm-up's median time ignores it, and nobody confirms it
        String first = clean.get(0).replace("\"bar_ts\":\"2026-", "\"bar_ts\":\"2046-");
        // a decision 200 hours away from the bar of its tick
        String decision = clean.get(find(third / 2, "decision", null));
        String decisionAhead = moved(decision, barOf(decision).plus(Duration.ofHours(200)), null);
        // two unrelated series corrupted to within a day of each other, far ahead: copies of known series'
        // ticks, ahead of the good ones, are off their cadence; two new series alone are no quorum
        int a = find(third + 40, "tick", null);
        int b = find(a + 1, "tick", contractOf(clean.get(a)));
        String knownA = moved(clean.get(a), barOf(clean.get(a)).plus(Duration.ofHours(1196)), null);
        String knownB = moved(clean.get(b), barOf(clean.get(b)).plus(Duration.ofHours(1202)), null);
        String newA = moved(clean.get(a), barOf(clean.get(a)).plus(Duration.ofHours(1196)), "corrupt-a");
        String newB = moved(clean.get(b), barOf(clean.get(b)).plus(Duration.ofHours(1202)), "corrupt-b");
        // a tick three bars off its series' cadence, ahead of the good one
        int c = find(2 * third, "tick", null);
        String offCadence = moved(clean.get(c), barOf(clean.get(c)).plus(Duration.ofHours(3)), null);
        // a copy a year ahead after the good tick (its seq already seen), and a new series in the year 9999
        int d = find(2 * third + 60, "tick", null);
        String aYearAhead = moved(clean.get(d), barOf(clean.get(d)).plus(Duration.ofDays(365)), null);
        String far = moved(clean.get(d + 5), Instant.parse("9999-01-01T00:00:00Z"), "poison-new");

        // inserted from the end backwards, so the indexes above stay right
        poisoned.add(d + 7, far);
        poisoned.add(d + 1, aYearAhead);
        poisoned.add(c, offCadence);
        poisoned.add(b + 1, newB);
        poisoned.add(b, knownB);
        poisoned.add(a + 1, newA);
        poisoned.add(a, knownA);
        poisoned.add(clean.indexOf(decision) + 1, decisionAhead);
        poisoned.add(0, first);
        expected.put(first, "time_jump");
        expected.put(decisionAhead, "decision_mismatch");
        expected.put(knownA, "off_cadence");
        expected.put(knownB, "off_cadence");
        expected.put(newA, "time_jump");
        expected.put(newB, "time_jump");
        expected.put(offCadence, "off_cadence");
        expected.put(aYearAhead, "duplicate_seq");
        expected.put(far, "time_jump");
        Path in = Files.write(dir.resolve("poisoned.jsonl"), poisoned);

        for (String p : List.of("1", "2")) {
            Map<String, List<Map<String, String>>> got = tables(in, p);
            for (String table : List.of("pattern_episode_events", "learning_lessons", "pm_overrides", "pm_override_history")) {
                assertThat(got.get(table)).as(table + " at p=" + p).isEqualTo(reference.get(table));
            }
            Map<String, String> rejected = new LinkedHashMap<>();
            for (Map<String, String> r : got.get("ingest_rejects")) rejected.put(r.get("raw"), r.get("reason"));
            assertThat(rejected).as("p=" + p).containsExactlyInAnyOrderEntriesOf(expected);
        }
    }

    @Test
    void anEngineWideJumpIsAccepted() throws Exception {
        // every series stops at bar 150 and resumes three days later, seq counting the missed bars
        List<String> jumped = new ArrayList<>();
        Instant resume = T0.plus(Duration.ofHours(150));
        for (String line : clean) {
            ObjectNode o = (ObjectNode) MAPPER.readTree(line);
            Instant ts = Instant.parse(o.get("bar_ts").asText());
            if (!ts.isBefore(resume)) {
                o.put("bar_ts", ts.plus(Duration.ofDays(3)).toString());
                o.put("seq", o.get("seq").asLong() + 72);
            }
            jumped.add(o.toString());
        }
        Map<String, List<Map<String, String>>> got = tables(Files.write(dir.resolve("jumped.jsonl"), jumped), "2");
        assertThat(got.get("ingest_rejects")).isEmpty();
        assertThat(got.get("pattern_episode_events")).anySatisfy(r -> assertThat(r.get("data_gap")).isEqualTo("t"))
                .anySatisfy(r -> assertThat(Instant.parse(r.get("decision_ts").replace(" ", "T").replace("+00", "Z")))
                        .isAfter(resume.plus(Duration.ofDays(3))));
        assertThat(got.get("pattern_episode_events").size()).isGreaterThan(reference.get("pattern_episode_events").size() / 2);
    }
}
