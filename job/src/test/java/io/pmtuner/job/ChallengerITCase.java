package io.pmtuner.job;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.testing.FaultyLines;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.job.testing.Tables;
import io.pmtuner.tools.sim.EngineSimulator;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
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
import java.util.concurrent.TimeUnit;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static io.pmtuner.job.testing.TestJobs.awaitQuiet;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static io.pmtuner.job.testing.TestJobs.startJob;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A challenger judge beside the live one: it changes nothing of the live judge's tables, and its own
 * proposals are as deterministic as the live ones (at any parallelism, and across a savepoint).
 */
class ChallengerITCase extends PostgresTestBase {
    static final String[] CHALLENGER = {"--challenger.judge.mr-max", "0.5", "--challenger.judge.fpr-max", "0.4",
            "--challenger.judge.min-episodes", "10", "--challenger.judge.min-acted=3", "--challenger.judge.min-skipped", "3"};
    static final String PROPOSALS = "SELECT pattern_key, scope_subset::text, version, rule, old_ts_min_mult, old_halo_mult, old_a_value_mult,"
            + " new_ts_min_mult, new_halo_mult, new_a_value_mult, evidence::text, evidence_n, trigger_episode_id, decided_ts"
            + " FROM pm_challenger_history ORDER BY 1, 2, 3";

    static Path input;
    static List<String> lines;
    static Map<String, List<Map<String, String>>> withoutChallenger;
    static List<Map<String, String>> proposalsAtOne;

    @BeforeAll
    static void runs(@TempDir Path dir) throws Exception {
        lines = EngineSimulator.lines(30, 300, 23, Instant.parse("2026-01-01T00:00:00Z"), 3600, 0.35);
        input = Files.write(dir.resolve("sim.jsonl"), lines);
        withoutChallenger = ParallelismITCase.tables(input, "1");
        JdbcSettings db = run("1");
        proposalsAtOne = query(db, PROPOSALS);
        // the live judge's tables are exactly those of the run without a challenger
        Map<String, List<Map<String, String>>> champion = Tables.snapshot(db);
        for (String table : Tables.QUERIES.keySet()) assertThat(champion.get(table)).as(table).isEqualTo(withoutChallenger.get(table));
    }

    private static JdbcSettings run(String parallelism, String... more) throws Exception {
        JdbcSettings db = newDatabase();
        List<String> args = new ArrayList<>(List.of("--parallelism", parallelism));
        args.addAll(List.of(ParallelismITCase.JUDGE));
        args.addAll(List.of(CHALLENGER));
        args.addAll(List.of(more));
        runJob(input, db, args.toArray(new String[0]));
        return db;
    }

    @Test
    void theChallengerProposesOtherwiseAndIsRecorded() throws Exception {
        assertThat(proposalsAtOne).isNotEmpty();
        assertThat(proposalsAtOne).isNotEqualTo(withoutChallenger.get("pm_override_history"));
        JdbcSettings db = run("1");
        assertThat(query(db, "SELECT options ->> '--judge.mr-max' AS mr, options ->> '--judge.mode' AS mode FROM pm_challenger"))
                .containsExactly(Map.of("mr", "0.5", "mode", "spec"));
    }

    @Test
    void theChallengersProposalsAreTheSameAtParallelismTwo() throws Exception {
        assertThat(query(run("2"), PROPOSALS)).isEqualTo(proposalsAtOne);
    }

    @Test
    void theChallengersProposalsAreTheSameAfterASavepoint(@TempDir Path dir) throws Exception {
        String[] follow = {"--follow", "--input.monitor-interval", "200ms", "--checkpoint.interval", "500ms"};
        List<String> args = new ArrayList<>(List.of(follow));
        args.addAll(List.of(ParallelismITCase.JUDGE));
        args.addAll(List.of(CHALLENGER));
        Path in = Files.createDirectories(dir.resolve("in"));
        int half = lines.size() / 2;
        Files.write(in.resolve("part-1.jsonl"), lines.subList(0, half));
        JdbcSettings db = newDatabase();
        JobClient first = startJob(in, db, FaultyLines.throttled("challenger-1", 0), null, args.toArray(new String[0]));
        awaitQuiet(db, Duration.ofSeconds(3));
        String savepoint = first.stopWithSavepoint(false, dir.resolve("sp").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
        Files.write(in.resolve("part-2.jsonl"), lines.subList(half, lines.size()));
        JobClient second = startJob(in, db, FaultyLines.throttled("challenger-2", 0), savepoint, args.toArray(new String[0]));
        awaitQuiet(db, Duration.ofSeconds(3));
        second.cancel().get(1, TimeUnit.MINUTES);
        assertThat(FaultyLines.RESTORED.get("challenger-2")).isTrue();
        // an unbounded run leaves the windows still open at the end of the input pending: compare what both resolved
        List<Map<String, String>> resumed = query(db, PROPOSALS);
        assertThat(resumed).isNotEmpty();
        assertThat(proposalsAtOne).containsAll(resumed);
    }
}
