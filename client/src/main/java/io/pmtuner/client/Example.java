package io.pmtuner.client;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The engine's side in a few lines, runnable with the client jar and the PostgreSQL driver alone:
 * {@code java -cp pm-tuner-client.jar:lib/* io.pmtuner.client.Example URL ROLE PATTERN [KEY=VALUE ...] [--ts SCORE BASE_TS_MIN]}.
 * The password comes from {@code PMTUNER_JDBC_PASSWORD}.
 */
public final class Example {
    private Example() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Example URL ROLE PATTERN [KEY=VALUE ...] [--ts SCORE BASE_TS_MIN]");
            System.exit(2);
        }
        Map<String, String> scope = new LinkedHashMap<>();
        Double score = null;
        Double baseTsMin = null;
        for (int i = 3; i < args.length; i++) {
            if (args[i].equals("--ts") && i + 2 < args.length) {
                score = Double.parseDouble(args[++i]);
                baseTsMin = Double.parseDouble(args[++i]);
            } else {
                String[] kv = args[i].split("=", 2);
                scope.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        Properties p = new Properties();
        p.setProperty("user", args[1]);
        String password = System.getenv("PMTUNER_JDBC_PASSWORD");
        if (password != null) p.setProperty("password", password);
        try (Connection c = DriverManager.getConnection(args[0], p)) {
            EffectiveTuning t = TuningOverrides.load(c).resolve(args[2], scope);
            System.out.printf("ts_min_mult=%s halo_mult=%s a_value_mult=%s subset=%s%n", t.tsMinMult(), t.haloMult(), t.aValueMult(),
                    t.scopeSubset());
            if (score != null) {
                System.out.printf("ts gate: %s >= %s x %s: %s%n", score, baseTsMin, t.tsMinMult(), t.passesTs(score, baseTsMin) ? "pass" : "fail");
            }
        }
    }
}
