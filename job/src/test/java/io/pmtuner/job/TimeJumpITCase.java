package io.pmtuner.job;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.tools.sim.EngineSimulator;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.job.testing.Tables;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC 2, "Event time belongs to the stream": a well-formed line with a wrong bar_ts in the middle of a
 * stream does not move event time; it is rejected as time_jump and every other line is judged as
 * without it. An engine-wide jump (every series resumes days later) is real and is accepted.
 */
class TimeJumpITCase extends PostgresTestBase {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static List<String> clean;
    static Map<String, List<Map<String, String>>> reference;
    static Path dir;

    @BeforeAll
    static void cleanRun(@TempDir Path tmp) throws Exception {
        dir = tmp;
        clean = EngineSimulator.lines(30, 300, 21, Instant.parse("2026-01-01T00:00:00Z"), 3600, 0.35);
        reference = tables(Files.write(dir.resolve("clean.jsonl"), clean), "1");
        assertThat(reference.get("pattern_episode_events")).hasSizeGreaterThan(100);
    }

    static Map<String, List<Map<String, String>>> tables(Path in, String parallelism) throws Exception {
        JdbcSettings db = newDatabase();
        runJob(in, db, "--parallelism", parallelism, "--judge.min-episodes", "20", "--judge.min-acted", "5", "--judge.min-skipped", "5");
        return Tables.snapshot(db);
    }

    /** A copy of line {@code i} with its bar time replaced (and, for a new series, its contract). */
    private static String moved(int i, String barTs, String contract) throws Exception {
        ObjectNode o = (ObjectNode) MAPPER.readTree(clean.get(i));
        o.put("bar_ts", barTs);
        if (contract != null) ((ObjectNode) o.get("series")).put("contract", contract);
        return o.toString();
    }

    @Test
    void poisonedLinesAreRejectedAndChangeNothingElse() throws Exception {
        List<String> poisoned = new ArrayList<>(clean);
        int third = clean.size() / 3;
        String anExistingSeriesAYearAhead = moved(third, Instant.parse(MAPPER.readTree(clean.get(third)).get("bar_ts").asText())
                .plus(Duration.ofDays(365)).toString(), null);
        String aNewSeriesFarAhead = moved(third + 7, "9999-01-01T00:00:00Z", "poison-new");
        String aThirdSeriesIn2099 = moved(2 * third, "2099-06-01T00:00:00Z", null);
        poisoned.add(third + 1, anExistingSeriesAYearAhead);
        poisoned.add(third + 9, aNewSeriesFarAhead);
        poisoned.add(2 * third + 3, aThirdSeriesIn2099);
        Path in = Files.write(dir.resolve("poisoned.jsonl"), poisoned);

        for (String p : List.of("1", "2")) {
            Map<String, List<Map<String, String>>> got = tables(in, p);
            for (String table : List.of("pattern_episode_events", "learning_lessons", "pm_overrides", "pm_override_history")) {
                assertThat(got.get(table)).as(table + " at p=" + p).isEqualTo(reference.get(table));
            }
            List<Map<String, String>> extra = new ArrayList<>(got.get("ingest_rejects"));
            extra.removeAll(reference.get("ingest_rejects"));
            assertThat(extra).as("p=" + p).extracting(r -> r.get("reason")).containsOnly("time_jump").hasSize(3);
            assertThat(extra).extracting(r -> r.get("raw"))
                    .containsExactlyInAnyOrder(anExistingSeriesAYearAhead, aNewSeriesFarAhead, aThirdSeriesIn2099);
            assertThat(got.get("ingest_rejects")).extracting(r -> r.get("reason")).doesNotContain("late");
        }
    }

    @Test
    void anEngineWideJumpIsAccepted() throws Exception {
        // every series stops at bar 150 and resumes three days later, seq counting the missed bars
        List<String> jumped = new ArrayList<>();
        Instant resume = Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofHours(150));
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
        assertThat(got.get("ingest_rejects")).extracting(r -> r.get("reason")).doesNotContain("time_jump", "late");
        assertThat(got.get("pattern_episode_events")).anySatisfy(r -> assertThat(r.get("data_gap")).isEqualTo("t"))
                .anySatisfy(r -> assertThat(Instant.parse(r.get("decision_ts").replace(" ", "T").replace("+00", "Z")))
                        .isAfter(resume.plus(Duration.ofDays(3))));
        assertThat(got.get("pattern_episode_events").size()).isGreaterThan(reference.get("pattern_episode_events").size() / 2);
    }
}
