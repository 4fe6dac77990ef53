package io.pmtuner.job;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.db.SchemaMigrator;
import io.pmtuner.job.testing.PostgresTestBase;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine client as an engine would use it: its jar and the PostgreSQL driver alone on the class
 * path (no Flink), the README's example against a real database, an override flipping a gate.
 */
class ClientExampleITCase extends PostgresTestBase {
    static final Path CLIENT = Path.of("../client/target/pm-tuner-client.jar");
    static final Path LIB = Path.of("../client/target/lib");

    @Test
    void theClientJarHoldsNoFlinkAndNeedsOnlyTheDriver() throws Exception {
        assertThat(CLIENT).as("packaged before the integration tests").exists();
        try (ZipFile z = new ZipFile(CLIENT.toFile())) {
            assertThat(z.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")))
                    .isNotEmpty().allMatch(n -> n.startsWith("io/pmtuner/client/"));
        }
        assertThat(LIB.toFile().list()).anyMatch(n -> n.startsWith("postgresql-")).noneMatch(n -> n.contains("flink"));
    }

    @Test
    void theExampleReadsTheEffectiveGateAndAnOverrideFlipsIt() throws Exception {
        JdbcSettings db = newDatabase();
        SchemaMigrator.migrate(db);
        assertThat(example(db, "pm.s1_entry", "chain=solana", "--ts", "0.55", "0.60"))
                .contains("ts_min_mult=1.0 halo_mult=1.0 a_value_mult=1.0 subset=null", "ts gate: 0.55 >= 0.6 x 1.0: fail");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO pm_overrides (pattern_key, action_category, scope_subset, ts_min_mult, halo_mult, a_value_mult, evidence,"
                    + " evidence_n, rule, trigger_episode_id, version, decided_ts) VALUES ('pm.tuning.s1_gates', 'tuning',"
                    + " '{\"chain\": \"solana\"}', 0.9, 1.0, 1.0, '{}', 30, 'loosen_ts', 'e', 1, '2026-03-01T00:00:00Z')");
        }
        assertThat(example(db, "pm.s1_entry", "chain=solana", "mcap_bucket=micro", "--ts", "0.55", "0.60"))
                .contains("ts_min_mult=0.9", "subset={chain=solana}", "ts gate: 0.55 >= 0.6 x 0.9: pass");
        assertThat(example(db, "pm.s1_entry", "chain=base", "--ts", "0.55", "0.60")).contains("ts gate: 0.55 >= 0.6 x 1.0: fail");
        assertThat(example(db, "pm.s9_typo")).contains("unknown pattern key 'pm.s9_typo'");
    }

    /** Runs the example in a JVM of its own, with the client jar and its lib directory as the whole class path. */
    private static String example(JdbcSettings db, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                CLIENT + File.pathSeparator + LIB + File.separator + "*", "io.pmtuner.client.Example", db.url, db.user));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        return out;
    }
}
