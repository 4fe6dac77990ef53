package io.pmtuner.job;

import io.pmtuner.job.config.JobParameters;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.db.SchemaMigrator;
import io.pmtuner.job.testing.Lines;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.job.testing.TestJobs;
import io.pmtuner.model.Episode;
import io.pmtuner.model.Outcome;
import io.pmtuner.model.State;
import io.pmtuner.model.Tick;
import io.pmtuner.model.Transition;
import io.pmtuner.patterns.EpisodeKind;
import io.pmtuner.patterns.EpisodeKinds;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;

import static io.pmtuner.job.testing.Lines.buy;
import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static io.pmtuner.job.testing.TestJobs.writeInput;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new kind of episode is one class and one row of {@code pm_patterns}: {@link S2Run}, defined here in
 * test code only, runs end to end beside the built-in patterns, through its own CEP operator, the outcome
 * function, the miner and the judge, into PostgreSQL.
 */
class TestPatternITCase extends PostgresTestBase {
    private static final String S2_RUN = "test.s2_run";

    /** A run of S2 ticks, decided at its first tick and resolved by where it goes: S3 succeeds, back to S1 fails. */
    static final class S2Run extends EpisodeKind {
        S2Run() {
            super(S2_RUN, "test.tuning.s2", "cep-test-s2-run", State.S2, t -> t.isTick() && t.stateChanged && t.state() == State.S2,
                    t -> t.isDecision() || t.state() == State.S2, t -> t.isTick() && t.state() != State.S2);
        }

        @Override
        protected Tick decisionPoint(Transition start, List<Transition> window, Transition end) {
            return start.tick;
        }

        @Override
        protected List<String> blockedBy(Tick dp) {
            return List.of("pm");
        }

        @Override
        protected void resolve(Episode e, Transition t) {
            if (t.isTick() && t.state() == State.S3) e.resolve(Outcome.SUCCESS, "reached_s3", t.barTs);
            if (t.isTick() && t.state() == State.S1) e.resolve(Outcome.FAILURE, "returned_s1", t.barTs);
        }
    }

    // an S2 run that reaches S3, with an add in it: acted, success; the S1 entry before it succeeds too
    static final Lines reached = new Lines("reached").tick("S0").tick("S1", buy()).decision("entry")
            .tick("S2").decision("add").tick("S2").tick("S3");
    // an S2 run that falls back to S1 with no buy: skipped, failure; the S1 entry fails at S0
    static final Lines fell = new Lines("fell").tick("S0").tick("S1").tick("S2").tick("S2").tick("S1").tick("S0");
    // never in S2: no episode of the test pattern; its later bars move event time past the others' last ticks
    static final Lines neverS2 = new Lines("never-s2").tick("S0").tick("S1").tick("S0").tick("S0").tick("S0").tick("S0").tick("S0").tick("S0");

    static JdbcSettings db;

    @BeforeAll
    static void runOnce(@TempDir Path dir) throws Exception {
        db = newDatabase();
        SchemaMigrator.migrate(db);
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO pm_patterns (pattern_key, tuning_key) VALUES (?, ?)")) {
            ps.setString(1, S2_RUN);
            ps.setString(2, "test.tuning.s2");
            ps.executeUpdate();
        }
        JobParameters cfg = TestJobs.config(writeInput(dir, Lines.merge(reached, fell, neverS2)), db);
        TestJobs.runJob(cfg, JobAssembly.of(cfg).kinds(EpisodeKinds.BUILT_IN.with(new S2Run())));
    }

    private static List<Map<String, String>> episodes(String pattern) throws Exception {
        return query(db, "SELECT series->>'contract' AS contract, decision, outcome, outcome_reason,"
                + " array_to_string(blocked_by, ',') AS blocked_by FROM pattern_episode_events WHERE pattern_key = ? ORDER BY 1", pattern);
    }

    @Test
    void theTestPatternsEpisodesAreDetectedDecidedAndResolved() throws Exception {
        assertThat(episodes(S2_RUN)).containsExactly(
                row("fell", "skipped", "failure", "returned_s1", "pm"),
                row("reached", "acted", "success", "reached_s3", null));
    }

    @Test
    void theBuiltInPatternsRunBesideIt() throws Exception {
        assertThat(episodes("pm.s1_entry")).extracting(r -> r.get("contract") + " " + r.get("outcome"))
                .containsExactly("fell failure", "never-s2 failure", "reached success");
    }

    @Test
    void theMinerCountsItsVotesUnderItsOwnKey() throws Exception {
        List<Map<String, String>> global = query(db, "SELECT n_acted_success::text AS acted_success, n_skipped_failure::text AS skipped_failure"
                + " FROM learning_lessons WHERE pattern_key = ? AND scope_subset = '{}'::jsonb AND lesson_type = 'tuning'", S2_RUN);
        assertThat(global).containsExactly(Map.of("acted_success", "1", "skipped_failure", "1"));
    }

    private static Map<String, String> row(String contract, String decision, String outcome, String reason, String blockedBy) {
        Map<String, String> r = new java.util.HashMap<>(Map.of("contract", contract, "decision", decision, "outcome", outcome, "outcome_reason", reason));
        r.put("blocked_by", blockedBy);
        return r;
    }
}
