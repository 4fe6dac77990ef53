package io.pmtuner.cli;

import io.pmtuner.job.JobAssembly;
import io.pmtuner.job.config.JudgeSettings;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.cli.eval.ClosedLoop;
import io.pmtuner.cli.eval.EndToEndLoop;
import io.pmtuner.cli.eval.RunFigures;
import io.pmtuner.cli.eval.World;
import io.pmtuner.job.testing.PostgresTestBase;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The calibrated judge in an evaluation world, through the real job: a world's setups go batch by batch into a running --follow job
 * with the calibrated judge, the gates come back through pm_effective_tuning, and the loop lands near
 * the world's best gate, as the in-process evaluation of the same seed does. Short worlds (1 500
 * setups) to stay within a couple of minutes.
 */
class ClosedLoopITCase extends PostgresTestBase {
    private static final EndToEndLoop.Options OPTIONS = EndToEndLoop.Options.defaults();

    private static RunFigures.Figures endToEnd(World w, JdbcSettings db, Path dir) throws Exception {
        return EndToEndLoop.run(w, ClosedLoop.CALIBRATED, 1, JudgeSettings.withDefaults(), db, dir,
                cfg -> StreamExecutionEnvironment.getExecutionEnvironment(JobAssembly.baseConfiguration(cfg.run())), OPTIONS, System.out::println);
    }

    @Test
    void w1LandsNearTheBestGate(@TempDir Path dir) throws Exception {
        World w = World.parse("{\"name\": \"W1\", \"setups\": 1500}");
        JdbcSettings db = newDatabase();
        RunFigures.Figures job = endToEnd(w, db, dir);
        RunFigures.Figures inProcess = ClosedLoop.run(w, ClosedLoop.CALIBRATED, 1, JudgeSettings.withDefaults());
        assertThat(job.finalError()).as("within 0.03 of x* = 0.5").isLessThanOrEqualTo(0.03);
        assertThat(job.regretPerSetup()).isLessThan(0.25 * ClosedLoop.run(w, ClosedLoop.NONE, 1, JudgeSettings.withDefaults()).regretPerSetup());
        // the job reads the gate every 100 setups, the in-process loop every setup: close, not equal
        assertThat(job.finalError()).isCloseTo(inProcess.finalError(), within(0.03));

        List<Map<String, String>> history = query(db, "SELECT rule, evidence->'gates'->'ts'->>'m_star' AS m_star, new_ts_min_mult,"
                + " evidence->>'mode' AS mode FROM pm_override_history WHERE scope_subset = '{\"mcap_bucket\": \"s0\"}'::jsonb"
                + " AND evidence->'gates'->'ts' IS NOT NULL ORDER BY version");
        assertThat(history).isNotEmpty().allSatisfy(r -> {
            assertThat(r.get("rule")).isIn("calibrate_ts", "calibrate_ts,size_payoff");
            assertThat(r.get("mode")).isEqualTo("calibrated");
            assertThat(Double.parseDouble(r.get("m_star"))).isBetween(0.5, 1.5);
        });
        assertThat(query(db, "SELECT count(*) AS n FROM ingest_rejects").get(0).get("n")).isEqualTo("0");
    }

    @Test
    void inShadowTheEngineKeepsTheBaseWhileTheProposalsConvergeAndAnApproveAppliesThem(@TempDir Path dir) throws Exception {
        World w = World.parse("{\"name\": \"W1\", \"setups\": 1500}");
        JdbcSettings db = newDatabase();
        RunFigures.Figures shadow = EndToEndLoop.run(w, ClosedLoop.CALIBRATED, 1, JudgeSettings.withDefaults(), db, dir,
                cfg -> StreamExecutionEnvironment.getExecutionEnvironment(JobAssembly.baseConfiguration(cfg.run())), OPTIONS.inShadow(),
                System.out::println);
        // the engine read the base gate all along: the setups and their regret are the untuned loop's, to the last digit
        assertThat(shadow.regretPerSetup()).isEqualTo(ClosedLoop.run(w, ClosedLoop.NONE, 1, JudgeSettings.withDefaults()).regretPerSetup());
        // while the proposals converged as in live mode (the calibrated judge's evidence does not depend on the gate in force)
        double proposed = EndToEndLoop.lastProposals(w, db)[0];
        assertThat(w.base * proposed).as("the last proposal's threshold against x*").isCloseTo(w.bestThreshold(0, 0), within(0.03));
        assertThat(query(db, "SELECT ts_min_mult FROM pm_effective_tuning('pm.s1_entry', '{\"mcap_bucket\": \"s0\"}')").get(0).get("ts_min_mult"))
                .isEqualTo("1.0");
        // an approve applies the proposals, on the next read
        assertThat(LauncherRun.of("control", "approve", "--pattern", "pm.s1_entry", "--reason", "the proposals converged", "--jdbc-url", db.url,
                "--jdbc-user", db.user).status()).isZero();
        assertThat(Double.parseDouble(query(db, "SELECT ts_min_mult FROM pm_effective_tuning('pm.s1_entry', '{\"mcap_bucket\": \"s0\"}')")
                .get(0).get("ts_min_mult"))).isEqualTo(proposed);
    }

    @Test
    void w2LandsNearItsPayoffWeightedGate(@TempDir Path dir) throws Exception {
        World w = World.parse("{\"name\": \"W2\", \"setups\": 1500, \"L\": 3}");
        JdbcSettings db = newDatabase();
        RunFigures.Figures job = endToEnd(w, db, dir);
        assertThat(job.finalError()).as("within 0.03 of x* = 0.655").isLessThanOrEqualTo(0.03);
        // the judge was told the payoff: break-even 0.75
        assertThat(query(db, "SELECT DISTINCT evidence->>'be' AS be FROM pm_override_history")).extracting(r -> r.get("be"))
                .containsExactly("0.75");
    }
}
