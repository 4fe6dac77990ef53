package io.pmtuner.cli.control;

import io.pmtuner.cli.LauncherRun;
import io.pmtuner.client.EffectiveTuning;
import io.pmtuner.client.TuningOverrides;
import io.pmtuner.job.config.JobConfig;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.db.RunOptions;
import io.pmtuner.job.db.SchemaMigrator;
import io.pmtuner.job.runtime.EffectiveTuningQueries;
import io.pmtuner.job.testing.PostgresExtension;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the engine reads under the operators' controls: one table of cases, each a sequence of the
 * judge's proposals (written as the job writes them), controls (given to the control command as an
 * operator gives them) and reads; every read asks the SQL function and the Java client, which must
 * give the same answer, and that answer must be the one the case expects.
 */
class ControlsITCase {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    static final String S1 = "pm.tuning.s1_gates";
    static final Map<String, String> SOLANA = Map.of("chain", "solana", "timeframe", "1h");
    static final Map<String, String> ETH = Map.of("chain", "eth", "timeframe", "1h");

    /** The tables a case runs on, and the steps it takes. */
    static final class Desk {
        final JdbcSettings db;
        private final List<Integer> versions = new ArrayList<>();

        Desk(JdbcSettings db) {
            this.db = db;
        }

        /** The judge's change of a key, as the job writes it: the current row and the history row. */
        void proposal(String subset, int version, double ts) throws Exception {
            try (Connection c = db.connect()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO pm_overrides (pattern_key, action_category, scope_subset, ts_min_mult,"
                        + " halo_mult, a_value_mult, evidence, evidence_n, rule, trigger_episode_id, version, decided_ts)"
                        + " VALUES (?, 'tuning', ?::jsonb, ?, 1.0, 1.0, '{}', 40, 'test', 'e', ?, '2026-03-01T00:00:00Z')"
                        + " ON CONFLICT (pattern_key, action_category, scope_subset) DO UPDATE SET ts_min_mult = EXCLUDED.ts_min_mult,"
                        + " version = EXCLUDED.version")) {
                    ps.setString(1, S1);
                    ps.setString(2, subset);
                    ps.setBigDecimal(3, BigDecimal.valueOf(ts));
                    ps.setInt(4, version);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO pm_override_history (pattern_key, action_category, scope_subset,"
                        + " version, rule, old_ts_min_mult, old_halo_mult, old_a_value_mult, new_ts_min_mult, new_halo_mult, new_a_value_mult,"
                        + " evidence, evidence_n, trigger_episode_id, decided_ts) VALUES (?, 'tuning', ?::jsonb, ?, 'test', 1, 1, 1, ?, 1.0, 1.0,"
                        + " '{}', 40, 'e', '2026-03-01T00:00:00Z')")) {
                    ps.setString(1, S1);
                    ps.setString(2, subset);
                    ps.setInt(3, version);
                    ps.setBigDecimal(4, BigDecimal.valueOf(ts));
                    ps.executeUpdate();
                }
            }
        }

        /** A control as an operator gives it; the exit status. */
        int control(String... args) {
            List<String> all = new ArrayList<>(List.of("control"));
            all.addAll(List.of(args));
            if (!List.of(args).contains("--reason")) all.addAll(List.of("--reason", "test"));
            all.addAll(List.of("--jdbc-url", db.url, "--jdbc-user", db.user));
            return LauncherRun.of(all.toArray(new String[0])).status();
        }

        /** The answer of SQL and Java, which must agree. */
        EffectiveTuning read(Map<String, String> scope) throws Exception {
            EffectiveTuning java;
            try (Connection c = db.connect()) {
                java = TuningOverrides.load(c).resolve("pm.s1_entry", scope);
            }
            assertThat(EffectiveTuningQueries.sql(db, "pm.s1_entry", scope)).as("SQL and Java").isEqualTo(java);
            return java;
        }

        void expect(Map<String, String> scope, double ts, EffectiveTuning.Source source) throws Exception {
            EffectiveTuning t = read(scope);
            assertThat(t.tsMinMult()).as("ts_min_mult of %s", scope).isEqualTo(ts);
            assertThat(t.source()).as("source of %s", scope).isEqualTo(source);
        }

        long controls() throws Exception {
            return Long.parseLong(query(db, "SELECT count(*) AS n FROM pm_controls").get(0).get("n"));
        }
    }

    record Case(String name, Step steps) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface Step {
        void on(Desk d) throws Exception;
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("live: the latest proposal applies", d -> {
                    d.proposal("{}", 1, 0.9);
                    d.expect(SOLANA, 0.9, EffectiveTuning.Source.proposal);
                    d.proposal("{}", 2, 0.8);
                    d.expect(SOLANA, 0.8, EffectiveTuning.Source.proposal);
                }),
                new Case("a pin holds the key across later proposals until unpinned", d -> {
                    d.proposal("{}", 1, 0.9);
                    assertThat(d.control("pin", "--pattern", "pm.s1_entry", "--subset", "{}", "--ts-min-mult", "1.2")).isZero();
                    d.expect(SOLANA, 1.2, EffectiveTuning.Source.pin);
                    d.proposal("{}", 2, 0.8);
                    d.expect(SOLANA, 1.2, EffectiveTuning.Source.pin);
                    assertThat(d.control("unpin", "--pattern", "pm.s1_entry", "--subset", "{}")).isZero();
                    d.expect(SOLANA, 0.8, EffectiveTuning.Source.proposal);
                }),
                new Case("shadow keeps what applied; approve applies the current proposal; live follows again", d -> {
                    d.proposal("{}", 1, 0.9);
                    assertThat(d.control("mode", "shadow", "--pattern", "pm.s1_entry")).isZero();
                    d.expect(SOLANA, 0.9, EffectiveTuning.Source.approved);
                    d.proposal("{}", 2, 0.8);
                    d.expect(SOLANA, 0.9, EffectiveTuning.Source.approved);
                    assertThat(d.control("approve", "--pattern", "pm.s1_entry")).isZero();
                    d.expect(SOLANA, 0.8, EffectiveTuning.Source.approved);
                    d.proposal("{}", 3, 0.7);
                    d.expect(SOLANA, 0.8, EffectiveTuning.Source.approved);
                    assertThat(d.control("mode", "live", "--pattern", "pm.s1_entry")).isZero();
                    d.expect(SOLANA, 0.7, EffectiveTuning.Source.proposal);
                }),
                new Case("shadow from the start: nothing applies until an approve", d -> {
                    assertThat(d.control("mode", "shadow", "--pattern", "pm.tuning.s1_gates")).isZero();
                    d.proposal("{}", 1, 0.9);
                    d.expect(SOLANA, 1.0, EffectiveTuning.Source.none);
                    assertThat(d.control("approve", "--pattern", "pm.s1_entry", "--subset", "{}")).isZero();
                    d.expect(SOLANA, 0.9, EffectiveTuning.Source.approved);
                }),
                new Case("a key in shadow, the rest of the pattern live", d -> {
                    d.proposal("{}", 1, 0.9);
                    d.proposal("{\"chain\": \"solana\"}", 1, 0.85);
                    assertThat(d.control("mode", "shadow", "--pattern", "pm.s1_entry", "--subset", "{\"chain\": \"solana\"}")).isZero();
                    d.proposal("{}", 2, 0.8);
                    d.proposal("{\"chain\": \"solana\"}", 2, 0.75);
                    d.expect(SOLANA, 0.85, EffectiveTuning.Source.approved);
                    d.expect(ETH, 0.8, EffectiveTuning.Source.proposal);
                }),
                new Case("a freeze answers the base values at once; unfreeze restores the resolution", d -> {
                    d.proposal("{}", 1, 0.9);
                    d.proposal("{\"chain\": \"solana\"}", 1, 0.85);
                    assertThat(d.control("freeze", "--pattern", "pm.s1_entry")).isZero();
                    d.expect(SOLANA, 1.0, EffectiveTuning.Source.freeze);
                    d.expect(ETH, 1.0, EffectiveTuning.Source.freeze);
                    assertThat(d.read(SOLANA).scopeSubset()).isNull();
                    assertThat(d.control("unfreeze", "--pattern", "pm.s1_entry")).isZero();
                    d.expect(SOLANA, 0.85, EffectiveTuning.Source.proposal);
                    // the kill switch for every pattern, then lifted for this one
                    assertThat(d.control("freeze")).isZero();
                    d.expect(ETH, 1.0, EffectiveTuning.Source.freeze);
                    assertThat(d.control("unfreeze", "--pattern", "pm.s1_entry")).isZero();
                    d.expect(ETH, 0.9, EffectiveTuning.Source.proposal);
                }),
                new Case("a freeze beats a pin", d -> {
                    d.proposal("{}", 1, 0.9);
                    assertThat(d.control("pin", "--pattern", "pm.s1_entry", "--subset", "{}", "--ts-min-mult", "1.2")).isZero();
                    assertThat(d.control("freeze")).isZero();
                    d.expect(SOLANA, 1.0, EffectiveTuning.Source.freeze);
                }),
                new Case("rollback applies exactly version N, recorded with its actor", d -> {
                    d.proposal("{}", 1, 0.9);
                    d.proposal("{}", 2, 0.8);
                    d.proposal("{}", 3, 0.7);
                    assertThat(d.control("rollback", "--pattern", "pm.s1_entry", "--subset", "{}", "--to-version", "2", "--actor", "carol",
                            "--reason", "v3 lost money")).isZero();
                    EffectiveTuning t = d.read(SOLANA);
                    assertThat(t.tsMinMult()).isEqualTo(0.8);
                    assertThat(t.source()).isEqualTo(EffectiveTuning.Source.rollback);
                    assertThat(t.version()).isEqualTo(2);
                    assertThat(query(d.db, "SELECT actor, reason, version FROM pm_controls WHERE action = 'rollback'"))
                            .containsExactly(Map.of("actor", "carol", "reason", "v3 lost money", "version", "2"));
                    d.proposal("{}", 4, 0.6);
                    d.expect(SOLANA, 0.8, EffectiveTuning.Source.rollback);
                    assertThat(d.control("approve", "--pattern", "pm.s1_entry")).isZero();
                    d.expect(SOLANA, 0.6, EffectiveTuning.Source.proposal);
                }),
                new Case("an expired pin stops applying without any action", d -> {
                    d.proposal("{}", 1, 0.9);
                    assertThat(d.control("pin", "--pattern", "pm.s1_entry", "--subset", "{}", "--ts-min-mult", "1.2", "--expires", "2s")).isZero();
                    d.expect(SOLANA, 1.2, EffectiveTuning.Source.pin);
                    Thread.sleep(2500);
                    d.expect(SOLANA, 0.9, EffectiveTuning.Source.proposal);
                }),
                new Case("bounds clamp what applies", d -> {
                    d.proposal("{}", 1, 0.6);
                    assertThat(d.control("bounds", "--pattern", "pm.s1_entry", "--subset", "{}", "--ts-min-mult", "0.8:1.2")).isZero();
                    d.expect(SOLANA, 0.8, EffectiveTuning.Source.proposal);
                }),
                new Case("the most specific key that applies wins, a pin among them", d -> {
                    d.proposal("{\"chain\": \"solana\"}", 1, 0.9);
                    assertThat(d.control("pin", "--pattern", "pm.s1_entry", "--subset", "{}", "--ts-min-mult", "1.3")).isZero();
                    d.expect(SOLANA, 0.9, EffectiveTuning.Source.proposal);
                    d.expect(ETH, 1.3, EffectiveTuning.Source.pin);
                }),
                new Case("mistakes are refused and record nothing", d -> {
                    d.proposal("{}", 1, 0.9);
                    long before = d.controls();
                    assertThat(d.control("pin", "--pattern", "pm.s9_typo", "--subset", "{}", "--ts-min-mult", "1.1")).isEqualTo(2);
                    assertThat(d.control("pin", "--pattern", "pm.s1_entry", "--subset", "{\"colour\": \"red\"}", "--ts-min-mult", "1.1")).isEqualTo(2);
                    assertThat(d.control("pin", "--pattern", "pm.s1_entry", "--subset", "{}", "--ts-min-mult", "1.6")).isEqualTo(2);
                    assertThat(d.control("rollback", "--pattern", "pm.s1_entry", "--subset", "{}", "--to-version", "7")).isEqualTo(2);
                    assertThat(d.control("bounds", "--pattern", "pm.s1_entry", "--subset", "{}", "--ts-min-mult", "1.2:0.8")).isEqualTo(2);
                    assertThat(d.control("unfreeze")).isEqualTo(2);
                    assertThat(d.control("pin", "--pattern", "pm.s1_entry", "--subset", "{}", "--ts-min-mult", "1.1", "--reason", " ")).isEqualTo(2);
                    assertThat(d.controls()).isEqualTo(before);
                    d.expect(SOLANA, 0.9, EffectiveTuning.Source.proposal);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void whatTheEngineReads(Case c) throws Exception {
        Desk d = new Desk(newDatabase());
        SchemaMigrator.migrate(d.db);
        // the options a run records: the subsets and clamps controls are checked against
        RunOptions.claim(d.db, JobConfig.parse().parameters().shapingOptions());
        c.steps().on(d);
        // every control is in the history, with its actor and reason
        assertThat(query(d.db, "SELECT count(*) AS n FROM pm_controls WHERE actor = '' OR reason = ''").get(0).get("n")).isEqualTo("0");
    }

}
