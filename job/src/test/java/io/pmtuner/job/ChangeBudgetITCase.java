package io.pmtuner.job;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.tools.sim.EngineSimulator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The change budget in the judge, in event time: a key changes at most N times per day, and no
 * multiplier moves more than the largest step in one change; what the budget held is counted and
 * recorded with its evidence. Checked against a run without a budget on the same input, which breaks both.
 */
class ChangeBudgetITCase extends PostgresTestBase {
    /** Small evidence windows, so that keys change several times a day on the simulator's input. */
    static final String[] EAGER = {"--judge.min-episodes", "6", "--judge.min-acted", "2", "--judge.min-skipped", "2"};
    static final String BUSIEST_DAY = "SELECT coalesce(max(n), 0) AS n FROM (SELECT count(*) AS n FROM pm_override_history"
            + " GROUP BY pattern_key, scope_subset, (decided_ts AT TIME ZONE 'UTC')::date) d";
    static final String LARGEST_STEP = "SELECT max(greatest(abs(new_ts_min_mult - old_ts_min_mult), abs(new_halo_mult - old_halo_mult),"
            + " abs(new_a_value_mult - old_a_value_mult))) AS step FROM pm_override_history";

    static Path input;
    static JdbcSettings unlimited;

    @BeforeAll
    static void withoutABudget(@TempDir Path dir) throws Exception {
        input = Files.write(dir.resolve("sim.jsonl"), EngineSimulator.lines(30, 400, 17, Instant.parse("2026-01-01T00:00:00Z"), 3600, 0.35));
        unlimited = newDatabase();
        runJob(input, unlimited, EAGER);
        assertThat(Integer.parseInt(query(unlimited, BUSIEST_DAY).get(0).get("n"))).as("some key changes twice a day unbudgeted").isGreaterThan(1);
        assertThat(Double.parseDouble(query(unlimited, LARGEST_STEP).get(0).get("step"))).isGreaterThanOrEqualTo(0.1);
    }

    private static JdbcSettings run(String... budget) throws Exception {
        JdbcSettings db = newDatabase();
        List<String> args = new ArrayList<>(List.of(EAGER));
        args.addAll(List.of(budget));
        runJob(input, db, args.toArray(new String[0]));
        return db;
    }

    @Test
    void aKeyChangesAtMostOnceADayAndWhatWasHeldIsRecorded() throws Exception {
        JdbcSettings db = run("--judge.budget.changes-per-day", "1");
        assertThat(query(db, BUSIEST_DAY).get(0).get("n")).isEqualTo("1");
        List<Map<String, String>> holds = query(db, "SELECT judge, reason, pattern_key, scope_subset::text AS subset, decided_ts,"
                + " evidence ->> 'rules' AS rules, new_ts_min_mult <> old_ts_min_mult OR new_halo_mult <> old_halo_mult"
                + " OR new_a_value_mult <> old_a_value_mult AS moves FROM pm_judge_holds");
        assertThat(holds).isNotEmpty().allSatisfy(h -> {
            assertThat(h.get("judge")).isEqualTo("champion");
            assertThat(h.get("reason")).isEqualTo("budget");
            assertThat(h.get("rules")).isNotEmpty();
            assertThat(h.get("moves")).isEqualTo("t");
        });
        // every hold is on a day its key had already changed once
        assertThat(query(db, "SELECT count(*) AS n FROM pm_judge_holds h WHERE NOT EXISTS (SELECT 1 FROM pm_override_history c"
                + " WHERE c.pattern_key = h.pattern_key AND c.scope_subset = h.scope_subset"
                + " AND (c.decided_ts AT TIME ZONE 'UTC')::date = (h.decided_ts AT TIME ZONE 'UTC')::date AND c.decided_ts <= h.decided_ts)")
                .get(0).get("n")).isEqualTo("0");
        // one hold recorded per key and day
        assertThat(query(db, "SELECT coalesce(max(n), 0) AS n FROM (SELECT count(*) AS n FROM pm_judge_holds"
                + " GROUP BY pattern_key, scope_subset, (decided_ts AT TIME ZONE 'UTC')::date) d").get(0).get("n")).isEqualTo("1");
    }

    @Test
    void noMultiplierMovesMoreThanTheLargestStep() throws Exception {
        JdbcSettings db = run("--judge.budget.max-step", "0.05");
        assertThat(Double.parseDouble(query(db, LARGEST_STEP).get(0).get("step"))).isLessThanOrEqualTo(0.05 + 1e-9);
        assertThat(query(db, "SELECT count(*) AS n FROM pm_override_history WHERE rule LIKE '%max_step%'").get(0).get("n")).isNotEqualTo("0");
    }
}
