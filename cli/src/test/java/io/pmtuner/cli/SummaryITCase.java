package io.pmtuner.cli;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.tools.sim.EngineSimulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static org.assertj.core.api.Assertions.assertThat;

/** The local run's summary: it fits a screen whatever the input, and a run that wrote no override says why. */
class SummaryITCase extends PostgresTestBase {
    private static String summary(JdbcSettings db) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Summary.print(db, new PrintStream(bytes, true, StandardCharsets.UTF_8), Instant.EPOCH, 0);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aCalibratedRunThatMovedNothingSaysHowMuchEvidenceItHad(@TempDir Path dir) throws Exception {
        Path sample = dir.resolve("sample.jsonl");
        try (var in = SummaryITCase.class.getResourceAsStream("/sample/sample.jsonl")) {
            Files.copy(in, sample);
        }
        JdbcSettings db = newDatabase();
        runJob(sample, db, "--judge.mode", "calibrated");
        assertThat(query(db, "SELECT count(*) AS n FROM pm_overrides").get(0).get("n")).isEqualTo("0");
        // recount a ts gate's evidence per pattern from the episodes' factors
        Map<String, Integer> evidence = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (Map<String, String> e : query(db, "SELECT pattern_key, outcome, factors::text AS factors FROM pattern_episode_events")) {
            JsonNode gates = json.readTree(e.get("factors")).path("gates");
            boolean othersPass = true;
            for (var it = gates.fields(); it.hasNext(); ) {
                var g = it.next();
                if (!g.getKey().equals("ts") && !g.getValue().path("pass").asBoolean(true)) othersPass = false;
            }
            if (List.of("success", "failure").contains(e.get("outcome")) && gates.path("ts").has("base") && othersPass) {
                evidence.merge(e.get("pattern_key"), 1, Integer::sum);
            }
        }
        int most = evidence.values().stream().max(Integer::compare).orElse(0);
        assertThat(most).isPositive().isLessThan(50);
        assertThat(summary(db)).contains("The calibrated judge held every key", "the pattern with the most has " + most + " for its ts gate");
    }

    @Test
    void theSummaryOfAManySeriesRunFitsAScreen(@TempDir Path dir) throws Exception {
        Path input = Files.write(dir.resolve("sim.jsonl"), EngineSimulator.lines(80, 400, 31, Instant.parse("2026-01-01T00:00:00Z"), 3600, 0.35));
        JdbcSettings db = newDatabase();
        runJob(input, db, "--judge.min-episodes", "10", "--judge.min-acted", "3", "--judge.min-skipped", "3");
        int overrides = Integer.parseInt(query(db, "SELECT count(*) AS n FROM pm_overrides").get(0).get("n"));
        assertThat(overrides).isGreaterThan(Summary.TOP_OVERRIDES);
        String s = summary(db);
        assertThat(s).contains("the " + Summary.TOP_OVERRIDES + " with the most evidence of " + overrides);
        assertThat(s.lines().count()).as(s).isLessThanOrEqualTo(80);
    }
}
