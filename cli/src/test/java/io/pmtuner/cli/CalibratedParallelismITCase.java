package io.pmtuner.cli;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.cli.eval.World;
import io.pmtuner.cli.eval.WorldLines;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.job.testing.Tables;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static org.assertj.core.api.Assertions.assertThat;

/** SPEC 8 for the calibrated judge: the same events give the same overrides and history at parallelism 1, 2 and 4. */
class CalibratedParallelismITCase extends PostgresTestBase {
    static Map<String, List<Map<String, String>>> reference;
    static Path input;

    @BeforeAll
    static void referenceRun(@TempDir Path dir) throws Exception {
        World w = World.parse("{\"name\": \"P\", \"setups\": 1500, \"scopes\": [{\"share\": 0.6}, {\"share\": 0.4, \"c\": 0.4}]}");
        input = Files.write(dir.resolve("world.jsonl"), WorldLines.openLoop(w, 3, 30));
        reference = tables("1");
    }

    static Map<String, List<Map<String, String>>> tables(String parallelism) throws Exception {
        JdbcSettings db = newDatabase();
        runJob(input, db, "--parallelism", parallelism, "--judge.mode", "calibrated");
        return Tables.snapshot(db);
    }

    @Test
    void theReferenceRunHasCalibratedChangesInSeveralSubsets() {
        assertThat(reference.get("pattern_episode_events")).hasSize(1500);
        assertThat(reference.get("pm_override_history")).hasSizeGreaterThan(3)
                .allSatisfy(r -> assertThat(r.get("rule")).contains("calibrate_ts"));
        assertThat(reference.get("pm_overrides")).extracting(r -> r.get("scope_subset"))
                .contains("{}", "{\"mcap_bucket\": \"s0\"}", "{\"mcap_bucket\": \"s1\"}");
    }

    @Test
    void parallelismTwoAndFourWriteIdenticalTables() throws Exception {
        for (String p : List.of("2", "4")) {
            Map<String, List<Map<String, String>>> other = tables(p);
            for (String table : Tables.QUERIES.keySet()) assertThat(other.get(table)).as(table + " at p=" + p).isEqualTo(reference.get(table));
        }
    }
}
