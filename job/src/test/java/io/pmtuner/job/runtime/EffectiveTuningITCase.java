package io.pmtuner.job.runtime;

import io.pmtuner.client.EffectiveTuning;
import io.pmtuner.client.TuningOverrides;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.db.SchemaMigrator;
import io.pmtuner.job.testing.PostgresTestBase;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine's lookup on a real PostgreSQL: the SQL function {@code pm_effective_tuning} and the Java API pick the
 * same override, and the multipliers they return move real gate decisions.
 */
class EffectiveTuningITCase extends PostgresTestBase {
    private static final Map<String, String> SOLANA_MICRO = Map.of("chain", "solana", "mcap_bucket", "micro", "timeframe", "1h");
    private static final Map<String, String> BASE_MICRO = Map.of("chain", "base", "mcap_bucket", "micro", "timeframe", "1h");
    private static final Map<String, String> BASE_LARGE = Map.of("chain", "base", "mcap_bucket", "large", "timeframe", "1h");

    private JdbcSettings db;

    @BeforeEach
    void schema() throws Exception {
        db = newDatabase();
        SchemaMigrator.migrate(db);
    }

    private void override(String pattern, String subset, double ts, double halo, double a, long evidence, String decided) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO pm_overrides (pattern_key,"
                + " action_category, scope_subset, ts_min_mult, halo_mult, a_value_mult, evidence, evidence_n, rule,"
                + " trigger_episode_id, version, decided_ts) VALUES (?, 'tuning', ?::jsonb, ?, ?, ?, '{}'::jsonb, ?, 'test', 'e', 1,"
                + " ?::timestamptz)")) {
            ps.setString(1, pattern);
            ps.setString(2, subset);
            ps.setBigDecimal(3, java.math.BigDecimal.valueOf(ts));
            ps.setBigDecimal(4, java.math.BigDecimal.valueOf(halo));
            ps.setBigDecimal(5, java.math.BigDecimal.valueOf(a));
            ps.setLong(6, evidence);
            ps.setString(7, decided);
            ps.executeUpdate();
        }
    }

    private EffectiveTuning java(String pattern, Map<String, String> scope) throws Exception {
        try (Connection c = db.connect()) {
            return TuningOverrides.load(c).resolve(pattern, scope);
        }
    }

    /** The SQL function's answer, as the same record (subset parsed from its JSON text). */
    private EffectiveTuning sql(String pattern, Map<String, String> scope) throws Exception {
        return EffectiveTuningQueries.sql(db, pattern, scope);
    }

    /** Both ways give the same answer; returns it. */
    private EffectiveTuning effective(String pattern, Map<String, String> scope) throws Exception {
        EffectiveTuning fromJava = java(pattern, scope);
        assertThat(sql(pattern, scope)).isEqualTo(fromJava);
        return fromJava;
    }

    @Test
    void withoutOverridesEverythingIsOneAndNoSubset() throws Exception {
        EffectiveTuning t = effective("pm.s1_entry", SOLANA_MICRO);
        assertThat(t).isEqualTo(EffectiveTuning.NONE);
        assertThat(t.passesTs(0.62, 0.60)).isTrue();
    }

    @Test
    void anOverrideFlipsTheTsGate() throws Exception {
        // ts_with_boost 0.62 against ts_min 0.60 passes
        assertThat(effective("pm.s1_entry", BASE_LARGE).passesTs(0.62, 0.60)).isTrue();
        // a global ts_min_mult 1.1 makes ts_min 0.66: it fails
        override("pm.tuning.s1_gates", "{}", 1.1, 1.0, 1.0, 30, "2026-03-01T00:00:00Z");
        EffectiveTuning tightened = effective("pm.s1_entry", BASE_LARGE);
        assertThat(tightened.tsMin(0.60)).isCloseTo(0.66, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(tightened.passesTs(0.62, 0.60)).isFalse();
        // a solana override with 0.9 makes ts_min 0.54 there: a 0.55 passes, and the global one still holds elsewhere
        override("pm.tuning.s1_gates", "{\"chain\": \"solana\"}", 0.9, 1.0, 1.0, 30, "2026-03-01T00:00:00Z");
        EffectiveTuning loosened = effective("pm.s1_entry", SOLANA_MICRO);
        assertThat(loosened.scopeSubset()).isEqualTo(Map.of("chain", "solana"));
        assertThat(loosened.passesTs(0.55, 0.60)).isTrue();
        assertThat(EffectiveTuning.NONE.passesTs(0.55, 0.60)).isFalse();
        assertThat(effective("pm.s1_entry", BASE_LARGE).passesTs(0.62, 0.60)).isFalse();
    }

    @Test
    void haloAndSizeMultipliersApplyToTheirBases() throws Exception {
        override("pm.tuning.s1_gates", "{}", 1.0, 1.2, 1.1, 30, "2026-03-01T00:00:00Z");
        EffectiveTuning t = effective("pm.tuning.s1_gates", BASE_LARGE);
        assertThat(EffectiveTuning.NONE.passesHalo(1.1, 1.0)).isFalse();
        assertThat(t.passesHalo(1.1, 1.0)).isTrue();
        assertThat(t.aValue(2.0)).isCloseTo(2.2, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void theMostSpecificContainedSubsetWins() throws Exception {
        override("pm.tuning.s1_gates", "{}", 1.1, 1.0, 1.0, 500, "2026-03-05T00:00:00Z");
        override("pm.tuning.s1_gates", "{\"chain\": \"base\"}", 1.2, 1.0, 1.0, 100, "2026-03-04T00:00:00Z");
        override("pm.tuning.s1_gates", "{\"chain\": \"base\", \"mcap_bucket\": \"micro\"}", 1.3, 1.0, 1.0, 40, "2026-03-01T00:00:00Z");
        // not contained: a different value, or a key the scope lacks
        override("pm.tuning.s1_gates", "{\"chain\": \"solana\", \"mcap_bucket\": \"micro\"}", 0.7, 1.0, 1.0, 900, "2026-03-09T00:00:00Z");
        override("pm.tuning.s1_gates", "{\"chain\": \"base\", \"vol_bucket\": \"high\"}", 0.6, 1.0, 1.0, 900, "2026-03-09T00:00:00Z");

        assertThat(effective("pm.s1_entry", BASE_MICRO).tsMinMult()).isEqualTo(1.3);
        assertThat(effective("pm.s1_entry", BASE_LARGE).tsMinMult()).isEqualTo(1.2);
        assertThat(effective("pm.s1_entry", Map.of("chain", "arbitrum")).tsMinMult()).isEqualTo(1.1);
        assertThat(effective("pm.s1_entry", Map.of()).tsMinMult()).isEqualTo(1.1);
        // the S3 pattern has overrides of its own: none here
        assertThat(effective("pm.s3_retest", BASE_MICRO)).isEqualTo(EffectiveTuning.NONE);
    }

    @Test
    void anUnknownPatternKeyIsAnErrorNotNoOverride() throws Exception {
        override("pm.tuning.s1_gates", "{}", 1.1, 1.0, 1.0, 30, "2026-03-01T00:00:00Z");
        assertThatThrownBy(() -> sql("pm.s9_typo", BASE_MICRO)).isInstanceOf(java.sql.SQLException.class)
                .hasMessageContaining("unknown pattern key 'pm.s9_typo'");
        assertThatThrownBy(() -> sql(null, BASE_MICRO)).hasMessageContaining("unknown pattern key NULL");
        assertThatThrownBy(() -> java("pm.s9_typo", BASE_MICRO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown pattern key 'pm.s9_typo'");
        // the four known keys still answer
        assertThat(effective("pm.tuning.s1_gates", BASE_MICRO).tsMinMult()).isEqualTo(1.1);
        assertThat(effective("pm.s3_retest", BASE_MICRO)).isEqualTo(EffectiveTuning.NONE);
    }

    @Test
    void tiesGoToMoreEvidenceThenTheLaterDecision() throws Exception {
        override("pm.tuning.s3_gates", "{\"chain\": \"base\"}", 1.1, 1.0, 1.0, 40, "2026-03-01T00:00:00Z");
        override("pm.tuning.s3_gates", "{\"mcap_bucket\": \"micro\"}", 0.9, 1.0, 1.0, 60, "2026-03-01T00:00:00Z");
        assertThat(effective("pm.s3_retest", BASE_MICRO).scopeSubset()).isEqualTo(Map.of("mcap_bucket", "micro"));

        override("pm.tuning.s3_gates", "{\"timeframe\": \"1h\"}", 0.8, 1.0, 1.0, 60, "2026-03-02T00:00:00Z");
        assertThat(effective("pm.s3_retest", BASE_MICRO).scopeSubset()).isEqualTo(Map.of("timeframe", "1h"));
        assertThat(effective("pm.s3_retest", BASE_MICRO).tsMinMult()).isEqualTo(0.8);
        for (Map<String, String> scope : List.of(SOLANA_MICRO, BASE_LARGE, Map.of("chain", "base"))) effective("pm.s3_retest", scope);
    }
}
