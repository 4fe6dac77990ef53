package io.pmtuner.job;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.client.EffectiveTuning;
import io.pmtuner.client.TuningOverrides;
import io.pmtuner.job.testing.Lines;
import io.pmtuner.job.testing.PostgresTestBase;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static io.pmtuner.job.testing.TestJobs.writeInput;
import static io.pmtuner.job.testing.Lines.buy;
import static io.pmtuner.job.testing.Lines.failing;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worked example end to end: 30 resolved S1 entries in scope {chain: solana, mcap_bucket: micro}, all skipped
 * ones blocked by ts (acted success 6, acted failure 4, skipped success 16, skipped failure 4), through
 * the whole job into PostgreSQL; then the override the job wrote moves a real gate decision.
 */
class WorkedExampleITCase extends PostgresTestBase {
    private static final Consumer<ObjectNode> SCOPE = Lines.scope("chain", "solana", "mcap_bucket", "micro");
    private static final List<String> SUBSETS = List.of("{}", "{\"chain\": \"solana\"}", "{\"mcap_bucket\": \"micro\"}",
            "{\"chain\": \"solana\", \"mcap_bucket\": \"micro\"}");

    static JdbcSettings db;

    @BeforeAll
    static void run(@TempDir Path dir) throws Exception {
        List<Lines> series = new ArrayList<>();
        for (int i = 0; i < 6; i++) series.add(new Lines("acted-success-" + i).tick("S0", SCOPE).tick("S1", buy(), SCOPE)
                .decision("entry").tick("S2", SCOPE).tick("S3", SCOPE));
        for (int i = 0; i < 4; i++) series.add(new Lines("acted-failure-" + i).tick("S0", SCOPE).tick("S1", buy(), SCOPE)
                .decision("entry").tick("S0", SCOPE));
        for (int i = 0; i < 16; i++) series.add(new Lines("missed-" + i).tick("S0", SCOPE).tick("S1", failing("ts"), SCOPE)
                .tick("S2", SCOPE).tick("S3", SCOPE));
        for (int i = 0; i < 4; i++) series.add(new Lines("dodged-" + i).tick("S0", SCOPE).tick("S1", failing("ts"), SCOPE)
                .tick("S0", SCOPE));
        db = newDatabase();
        runJob(writeInput(dir, Lines.merge(series.toArray(new Lines[0]))), db,
                "--judge.min-episodes", "30", "--judge.min-acted", "10", "--judge.min-skipped", "10");
    }

    @Test
    void theEpisodesAreThirtyResolvedS1Entries() throws Exception {
        assertThat(query(db, "SELECT decision, outcome, COALESCE(blocked_by::text, '-') AS blocked, count(*) AS n"
                + " FROM pattern_episode_events GROUP BY 1, 2, 3 ORDER BY 1, 2")).containsExactly(
                Map.of("decision", "acted", "outcome", "failure", "blocked", "-", "n", "4"),
                Map.of("decision", "acted", "outcome", "success", "blocked", "-", "n", "6"),
                Map.of("decision", "skipped", "outcome", "failure", "blocked", "{ts}", "n", "4"),
                Map.of("decision", "skipped", "outcome", "success", "blocked", "{ts}", "n", "16"));
    }

    @Test
    void lessonsForTheFourSubsetsHaveTheExactCountsAndRates() throws Exception {
        List<Map<String, String>> lessons = query(db, "SELECT scope_subset::text AS subset, n_acted, n_skipped, n_acted_success,"
                + " n_acted_failure, n_skipped_success, n_skipped_failure, n_neutral, wr, fpr, mr, dr, blocked_by::text AS blocked"
                + " FROM learning_lessons WHERE lesson_type = 'tuning' AND pattern_key = 'pm.s1_entry' ORDER BY 1");
        assertThat(lessons).extracting(r -> r.get("subset")).containsExactlyInAnyOrderElementsOf(SUBSETS);
        for (Map<String, String> l : lessons) {
            assertThat(l).containsEntry("n_acted", "10").containsEntry("n_skipped", "20")
                    .containsEntry("n_acted_success", "6").containsEntry("n_acted_failure", "4")
                    .containsEntry("n_skipped_success", "16").containsEntry("n_skipped_failure", "4")
                    .containsEntry("n_neutral", "0")
                    .containsEntry("wr", "0.6").containsEntry("fpr", "0.4").containsEntry("mr", "0.8").containsEntry("dr", "0.2")
                    .containsEntry("blocked", "{\"ts\": 16}");
        }
        assertThat(query(db, "SELECT count(*) AS n FROM learning_lessons")).containsExactly(Map.of("n", "4"));
    }

    @Test
    void exactlyOneChangePerSubsetLoosensTs() throws Exception {
        List<Map<String, String>> overrides = query(db, "SELECT pattern_key, action_category, scope_subset::text AS subset,"
                + " ts_min_mult::float8 AS ts, halo_mult::float8 AS halo, a_value_mult::float8 AS a, version, rule, evidence_n"
                + " FROM pm_overrides ORDER BY 3");
        assertThat(overrides).extracting(r -> r.get("subset")).containsExactlyInAnyOrderElementsOf(SUBSETS);
        for (Map<String, String> o : overrides) {
            assertThat(o).containsEntry("pattern_key", "pm.tuning.s1_gates").containsEntry("action_category", "tuning")
                    .containsEntry("ts", "0.9").containsEntry("halo", "1").containsEntry("a", "1")
                    .containsEntry("version", "1").containsEntry("rule", "loosen_ts").containsEntry("evidence_n", "30");
        }
        List<Map<String, String>> history = query(db, "SELECT scope_subset::text AS subset, version, old_ts_min_mult::float8 AS old_ts,"
                + " new_ts_min_mult::float8 AS new_ts, new_halo_mult::float8 AS new_halo, evidence->>'mr' AS mr,"
                + " evidence->>'n_skipped_success' AS missed, trigger_episode_id FROM pm_override_history ORDER BY 1");
        assertThat(history).hasSize(4).allSatisfy(h -> assertThat(h)
                .containsEntry("version", "1").containsEntry("old_ts", "1").containsEntry("new_ts", "0.9")
                .containsEntry("new_halo", "1").containsEntry("mr", "0.8").containsEntry("missed", "16"));
        // the change was triggered by the last of the 30 episodes in (outcome_ts, episode_id) order
        String last = query(db, "SELECT episode_id FROM pattern_episode_events ORDER BY outcome_ts DESC, episode_id DESC LIMIT 1")
                .get(0).get("episode_id");
        assertThat(history).allSatisfy(h -> assertThat(h).containsEntry("trigger_episode_id", last));
    }

    @Test
    void theOverrideFlipsATsGateForTheEngine() throws Exception {
        Map<String, String> scope = Map.of("chain", "solana", "mcap_bucket", "micro", "vol_bucket", "low");
        try (Connection c = db.connect()) {
            EffectiveTuning t = TuningOverrides.load(c).resolve("pm.s1_entry", scope);
            assertThat(t.scopeSubset()).isEqualTo(Map.of("chain", "solana", "mcap_bucket", "micro"));
            // base ts_min 0.60: a 0.55 fails without the override and passes with ts_min_mult 0.9 (0.54)
            assertThat(EffectiveTuning.NONE.passesTs(0.55, 0.60)).isFalse();
            assertThat(t.passesTs(0.55, 0.60)).isTrue();
        }
        assertThat(query(db, "SELECT ts_min_mult::float8 AS ts, scope_subset::text AS subset FROM pm_effective_tuning(?, ?::jsonb)",
                "pm.s1_entry", "{\"chain\": \"solana\", \"mcap_bucket\": \"micro\", \"vol_bucket\": \"low\"}"))
                .containsExactly(Map.of("ts", "0.9", "subset", "{\"chain\": \"solana\", \"mcap_bucket\": \"micro\"}"));
    }
}
