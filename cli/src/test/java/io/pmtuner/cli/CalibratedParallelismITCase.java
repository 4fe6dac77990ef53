package io.pmtuner.cli;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.cli.eval.World;
import io.pmtuner.cli.eval.WorldLines;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.TestJobs.awaitQuiet;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static io.pmtuner.job.testing.TestJobs.startJob;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calibrated judge is deterministic with inheritance, steps by the uncertainty and the selection
 * correction on (the defaults): the same events give the same overrides and history at parallelism 1,
 * 2 and 4, and across a savepoint. The world is a small lattice (two chains, a thin scope), so thin
 * keys start from their parents and the order in which an episode's keys are updated matters.
 */
class CalibratedParallelismITCase extends PostgresTestBase {
    static Map<String, List<Map<String, String>>> reference;
    static Path input;
    static List<String> lines;

    @BeforeAll
    static void referenceRun(@TempDir Path dir) throws Exception {
        World w = World.parse("{\"name\": \"P\", \"setups\": 1500, \"scopes\": ["
                + "{\"share\": 0.55, \"scope\": {\"chain\": \"sol\", \"vol_bucket\": \"hi\"}},"
                + "{\"share\": 0.3, \"c\": 0.4, \"scope\": {\"chain\": \"eth\", \"vol_bucket\": \"hi\"}},"
                + "{\"share\": 0.15, \"scope\": {\"chain\": \"sol\", \"vol_bucket\": \"lo\"}}]}");
        lines = WorldLines.openLoop(w, 3, 30);
        input = Files.write(dir.resolve("world.jsonl"), lines);
        reference = tables("1");
    }

    static Map<String, List<Map<String, String>>> tables(String parallelism) throws Exception {
        JdbcSettings db = newDatabase();
        runJob(input, db, "--parallelism", parallelism, "--judge.mode", "calibrated");
        return Tables.snapshot(db);
    }

    @Test
    void theReferenceRunHasCalibratedChangesInSeveralSubsetsSomeInherited() {
        assertThat(reference.get("pattern_episode_events")).hasSize(1500);
        assertThat(reference.get("pm_override_history")).hasSizeGreaterThan(3)
                .allSatisfy(r -> assertThat(r.get("rule")).matches("(calibrate_ts|size_payoff)(,size_payoff)?"))
                .anySatisfy(r -> assertThat(r.get("rule")).contains("size_payoff"));
        assertThat(reference.get("pm_overrides")).extracting(r -> r.get("scope_subset"))
                .contains("{}", "{\"chain\": \"eth\"}");
        assertThat(reference.get("pm_override_history")).extracting(r -> r.get("evidence"))
                .anySatisfy(e -> assertThat(e).contains("\"inherited_from\""));
    }

    @Test
    void parallelismTwoAndFourWriteIdenticalTables() throws Exception {
        for (String p : List.of("2", "4")) {
            Map<String, List<Map<String, String>>> other = tables(p);
            for (String table : Tables.QUERIES.keySet()) assertThat(other.get(table)).as(table + " at p=" + p).isEqualTo(reference.get(table));
        }
    }

    @Test
    void aRunSplitAtASavepointWritesTheSameHistory(@TempDir Path dir) throws Exception {
        String[] args = {"--follow", "--input.monitor-interval", "200ms", "--checkpoint.interval", "500ms", "--judge.mode", "calibrated"};
        Path in = Files.createDirectories(dir.resolve("in"));
        int half = lines.size() / 2;
        Files.write(in.resolve("part-1.jsonl"), lines.subList(0, half));
        JdbcSettings db = newDatabase();
        JobClient first = startJob(in, db, FaultyLines.throttled("calibrated-1", 0), null, args);
        awaitQuiet(db, Duration.ofSeconds(3));
        String savepoint = first.stopWithSavepoint(false, dir.resolve("sp").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
        List<Map<String, String>> beforeStop = Tables.snapshot(db).get("pm_override_history");
        Files.write(in.resolve("part-2.jsonl"), lines.subList(half, lines.size()));
        JobClient second = startJob(in, db, FaultyLines.throttled("calibrated-2", 0), savepoint, args);
        awaitQuiet(db, Duration.ofSeconds(3));
        second.cancel().get(1, TimeUnit.MINUTES);
        assertThat(FaultyLines.RESTORED.get("calibrated-2")).isTrue();
        // a followed input leaves the episodes still open at its end pending: what both resolved is the same
        List<Map<String, String>> resumed = Tables.snapshot(db).get("pm_override_history");
        assertThat(resumed).hasSizeGreaterThan(beforeStop.size());
        assertThat(reference.get("pm_override_history")).containsAll(resumed);
    }
}
