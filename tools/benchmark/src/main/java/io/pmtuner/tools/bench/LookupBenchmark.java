package io.pmtuner.tools.bench;

import io.pmtuner.client.TuningOverrides;
import io.pmtuner.job.config.JobConfig;
import io.pmtuner.job.db.EmbeddedDatabase;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.db.RunOptions;
import io.pmtuner.job.db.SchemaMigrator;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code java -cp tools/benchmark/target/pm-tuner-benchmark.jar io.pmtuner.tools.bench.LookupBenchmark}:
 * how fast an engine reads its gates under the operators' controls. Fills an embedded PostgreSQL with
 * {@code --overrides} override keys (a version each in the history) and {@code --controls} controls
 * (pins, rollbacks, shadow modes and approves, bounds, a freeze and unfreeze), then reads from one
 * connection, one scope at a time: {@code pm_effective_tuning} (a round trip each), and the Java
 * client's {@code resolve} over a loaded snapshot. Prints reads per second and the latency percentiles.
 */
@Command(name = "pm-tuner-lookup-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures the engine's lookup (SQL function and Java client) under the control log.")
public final class LookupBenchmark implements Callable<Integer> {
    static final List<String> CHAINS = List.of("solana", "base", "ethereum", "arbitrum", "bsc");
    static final List<String> MCAPS = List.of("micro", "small", "mid", "large");
    static final List<String> VOLS = List.of("low", "mid", "high");
    static final List<String> FRAMES = List.of("1m", "5m", "15m", "1h", "4h");

    @Option(names = "--overrides", defaultValue = "10000", description = "Override keys (default ${DEFAULT-VALUE}).")
    int overrides;

    @Option(names = "--controls", defaultValue = "1000", description = "Controls in the log (default ${DEFAULT-VALUE}).")
    int controls;

    @Option(names = "--reads", defaultValue = "20000", description = "Reads measured, after as many unmeasured (default ${DEFAULT-VALUE}).")
    int reads;

    @Option(names = "--data-dir", defaultValue = "bench-data/lookup", description = "The embedded PostgreSQL's data (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--seed", defaultValue = "3") long seed;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "Measure on this (empty) database instead of an embedded one (password from $" + JobConfig.PASSWORD_ENV + ").")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "NAME") String jdbcUser;

    /** What a run measured, for the docs and the test. */
    public record Figures(int overrides, long controls, double sqlReadsPerSecond, double sqlP50Micros, double sqlP99Micros,
                          double javaLoadMillis, double javaReadsPerSecond, double javaP99Micros) {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new LookupBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (jdbcUrl != null) {
            print(measure(new JdbcSettings(jdbcUrl, jdbcUser, System.getenv(JobConfig.PASSWORD_ENV)), overrides, controls, reads, seed));
            return 0;
        }
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(dataDir, 0, false)) {
            print(measure(pg.admin(), overrides, controls, reads, seed));
        }
        return 0;
    }

    private static void print(Figures f) {
        System.out.printf(Locale.ROOT, "%d override keys, %d controls, one connection:%n", f.overrides(), f.controls());
            System.out.printf(Locale.ROOT, "  pm_effective_tuning: %.0f reads/s, p50 %.0f us, p99 %.0f us%n", f.sqlReadsPerSecond(), f.sqlP50Micros(),
                    f.sqlP99Micros());
            System.out.printf(Locale.ROOT, "  Java client: load %.0f ms, then %.0f reads/s, p99 %.1f us%n", f.javaLoadMillis(), f.javaReadsPerSecond(),
                f.javaP99Micros());
    }

    /** Fills {@code admin}'s database (migrated here) and measures. */
    public static Figures measure(JdbcSettings admin, int overrides, int controls, int reads, long seed) throws Exception {
        SchemaMigrator.migrate(admin);
        RunOptions.claim(admin, JobConfig.parse().parameters().shapingOptions());
        SplittableRandom random = new SplittableRandom(seed);
        List<String> keys = fill(admin, overrides, controls, random);
        long controlRows;
        try (Connection c = admin.connect()) {
            // the statistics autovacuum keeps on a database in use (a fresh fill has none yet)
            try (PreparedStatement ps = c.prepareStatement("ANALYZE")) {
                ps.execute();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pm_controls"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                controlRows = rs.getLong(1);
            }
        }
        List<Map<String, String>> scopes = new ArrayList<>();
        for (int i = 0; i < 2 * reads; i++) {
            scopes.add(Map.of("chain", pick(CHAINS, random), "mcap_bucket", pick(MCAPS, random), "vol_bucket", pick(VOLS, random),
                    "timeframe", pick(FRAMES, random)));
        }
        long[] sql = new long[reads];
        try (Connection c = admin.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT ts_min_mult, halo_mult, a_value_mult, scope_subset FROM pm_effective_tuning('pm.s1_entry', ?::jsonb)")) {
            for (int i = 0; i < 2 * reads; i++) {
                long t0 = System.nanoTime();
                ps.setString(1, json(scopes.get(i)));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
                if (i >= reads) sql[i - reads] = System.nanoTime() - t0;
            }
        }
        long[] java = new long[reads];
        double loadMillis;
        try (Connection c = admin.connect()) {
            long t0 = System.nanoTime();
            TuningOverrides snapshot = TuningOverrides.load(c);
            loadMillis = (System.nanoTime() - t0) / 1e6;
            for (int i = 0; i < 2 * reads; i++) {
                long t1 = System.nanoTime();
                snapshot.resolve("pm.s1_entry", scopes.get(i));
                if (i >= reads) java[i - reads] = System.nanoTime() - t1;
            }
        }
        return new Figures(keys.size(), controlRows, reads / (Arrays.stream(sql).sum() / 1e9), percentile(sql, 0.5) / 1e3, percentile(sql, 0.99) / 1e3,
                loadMillis, reads / (Arrays.stream(java).sum() / 1e9), percentile(java, 0.99) / 1e3);
    }

    /** {@code n} override keys of pm.tuning.s1_gates over subsets of up to three dimensions, a version each, and the controls. */
    static List<String> fill(JdbcSettings db, int n, int controls, SplittableRandom random) throws Exception {
        List<String> keys = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (keys.size() < n) {
            Map<String, String> subset = new TreeMap<>();
            if (random.nextBoolean()) subset.put("chain", pick(CHAINS, random) + (random.nextInt(40) == 0 ? "" : random.nextInt(400)));
            if (random.nextBoolean()) subset.put("mcap_bucket", pick(MCAPS, random));
            if (random.nextBoolean()) subset.put("vol_bucket", pick(VOLS, random));
            if (subset.size() < 3 && random.nextBoolean()) subset.put("timeframe", pick(FRAMES, random));
            String s = json(subset);
            if (seen.add(s)) keys.add(s);
        }
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement o = c.prepareStatement("INSERT INTO pm_overrides (pattern_key, action_category, scope_subset, ts_min_mult, halo_mult,"
                    + " a_value_mult, evidence, evidence_n, rule, trigger_episode_id, version, decided_ts)"
                    + " VALUES ('pm.tuning.s1_gates', 'tuning', ?::jsonb, ?, 1.0, 1.0, '{}', ?, 'bench', 'e', 1, now())");
                 PreparedStatement h = c.prepareStatement("INSERT INTO pm_override_history (pattern_key, action_category, scope_subset, version,"
                         + " rule, old_ts_min_mult, old_halo_mult, old_a_value_mult, new_ts_min_mult, new_halo_mult, new_a_value_mult, evidence,"
                         + " evidence_n, trigger_episode_id, decided_ts) VALUES ('pm.tuning.s1_gates', 'tuning', ?::jsonb, 1, 'bench', 1, 1, 1, ?,"
                         + " 1.0, 1.0, '{}', ?, 'e', now())")) {
                for (String k : keys) {
                    BigDecimal m = BigDecimal.valueOf(0.8 + random.nextInt(40) / 100.0);
                    int evidence = 30 + random.nextInt(500);
                    o.setString(1, k);
                    o.setBigDecimal(2, m);
                    o.setInt(3, evidence);
                    o.addBatch();
                    h.setString(1, k);
                    h.setBigDecimal(2, m);
                    h.setInt(3, evidence);
                    h.addBatch();
                }
                o.executeBatch();
                h.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO pm_controls (actor, reason, action, pattern_key, scope_subset, mode,"
                    + " ts_min_mult, halo_mult, a_value_mult, bounds, version) VALUES ('bench', 'load', ?, 'pm.tuning.s1_gates', ?::jsonb, ?, ?, ?, ?,"
                    + " ?::jsonb, ?)")) {
                for (int i = 0; i < controls; i++) {
                    String k = keys.get(random.nextInt(keys.size()));
                    String action = switch (i % 6) {
                        case 0 -> "pin";
                        case 1 -> "rollback";
                        case 2 -> "mode";
                        case 3 -> "approve";
                        case 4 -> "bounds";
                        default -> i % 12 == 5 ? "freeze" : "unfreeze";
                    };
                    boolean pattern = action.equals("freeze") || action.equals("unfreeze");
                    ps.setString(1, action);
                    ps.setString(2, pattern ? null : k);
                    ps.setString(3, action.equals("mode") ? (random.nextBoolean() ? "shadow" : "live") : null);
                    BigDecimal pin = action.equals("pin") ? BigDecimal.valueOf(0.9) : null;
                    ps.setBigDecimal(4, pin);
                    ps.setBigDecimal(5, pin);
                    ps.setBigDecimal(6, pin);
                    ps.setString(7, action.equals("bounds") ? "{\"ts_min_mult\": [0.85, 1.15]}" : null);
                    if (action.equals("rollback")) ps.setInt(8, 1); else ps.setNull(8, java.sql.Types.INTEGER);
                    ps.executeUpdate();
                }
            }
        }
        return keys;
    }

    private static String pick(List<String> values, SplittableRandom random) {
        return values.get(random.nextInt(values.size()));
    }

    static String json(Map<String, String> m) {
        StringBuilder b = new StringBuilder("{");
        new TreeMap<>(m).forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append('"').append(k).append("\": \"").append(v).append('"'));
        return b.append('}').toString();
    }

    static double percentile(long[] nanos, double q) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(q * s.length) - 1)];
    }
}
