package io.pmtuner.job;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.tools.sim.EngineSimulator;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.job.testing.Tables;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tables remember the options that shaped them: a run with other judge options refuses to start and
 * leaves them as they were; with --db.schema the two configurations sit side by side, each lookup
 * reading its own overrides.
 */
class RunOptionsITCase extends PostgresTestBase {
    static Path input;

    @BeforeAll
    static void input(@TempDir Path dir) throws Exception {
        input = Files.write(dir.resolve("sim.jsonl"), EngineSimulator.lines(20, 300, 3, Instant.parse("2026-01-01T00:00:00Z"), 3600, 0.35));
    }

    @Test
    void otherOptionsRefuseToMixAndASchemaOfTheirOwnKeepsThemApart() throws Exception {
        JdbcSettings db = newDatabase();
        runJob(input, db, "--judge.min-episodes", "20");
        Map<String, List<Map<String, String>>> before = Tables.snapshot(db);
        assertThat(before.get("pm_override_history")).isNotEmpty();

        assertThatThrownBy(() -> runJob(input, db, "--judge.min-episodes", "20", "--judge.fpr-max", "0.3"))
                .hasMessageContaining("were written with other options: --judge.fpr-max 0.5 (this run: 0.3)")
                .hasMessageContaining("--db.schema NAME");
        assertThat(Tables.snapshot(db)).isEqualTo(before);
        // the same options again are welcome (a replay changes nothing)
        runJob(input, db, "--judge.min-episodes", "20");
        assertThat(Tables.snapshot(db)).isEqualTo(before);

        runJob(input, db, "--judge.min-episodes", "20", "--judge.fpr-max", "0.3", "--db.schema", "sweep_b");
        JdbcSettings b = new JdbcSettings(db.url, db.user, null, "sweep_b");
        assertThat(query(b, "SELECT options->>'--judge.fpr-max' AS v FROM pm_tuner_run_options")).extracting(r -> r.get("v")).containsExactly("0.3");
        assertThat(query(db, "SELECT options->>'--judge.fpr-max' AS v FROM public.pm_tuner_run_options")).extracting(r -> r.get("v"))
                .containsExactly("0.5");
        assertThat(query(b, "SELECT count(*) AS n FROM sweep_b.pattern_episode_events").get(0).get("n"))
                .isEqualTo(String.valueOf(before.get("pattern_episode_events").size()));
        // the public tables are untouched by the sweep
        assertThat(Tables.snapshot(db)).isEqualTo(before);

        // each schema's lookup reads its own overrides, whatever the caller's search_path
        query(b, "UPDATE sweep_b.pm_overrides SET ts_min_mult = 1.234 RETURNING 1 AS one");
        List<Map<String, String>> viaB = query(db, "SELECT max(ts_min_mult) AS m FROM pm_overrides");
        assertThat(viaB.get(0).get("m")).isNotEqualTo("1.234");
        String subset = query(b, "SELECT scope_subset::text AS s FROM sweep_b.pm_overrides LIMIT 1").get(0).get("s");
        assertThat(query(db, "SELECT ts_min_mult::text AS m FROM sweep_b.pm_effective_tuning('pm.s1_entry', ?::jsonb)", subset).get(0).get("m"))
                .isEqualTo("1.234");
    }

    @Test
    void aSchemaNameMustBePlain() {
        assertThatThrownBy(() -> runJob(input, newDatabase(), "--db.schema", "x; drop table y"))
                .hasMessageContaining("--db.schema must be a plain lower-case name");
    }
}
