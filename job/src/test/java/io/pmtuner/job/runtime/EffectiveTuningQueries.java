package io.pmtuner.job.runtime;

import io.pmtuner.client.EffectiveTuning;
import io.pmtuner.job.db.JdbcSettings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the engine reads, asked of SQL: {@code pm_effective_tuning_explained} as the client's record, checked against the lookup's function. */
public final class EffectiveTuningQueries {
    private EffectiveTuningQueries() {}

    /** The SQL function's answer, as the client's record (subset parsed from its JSON text); the lookup's four columns agree with it. */
    public static EffectiveTuning sql(JdbcSettings db, String pattern, Map<String, String> scope) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT e.ts_min_mult, e.halo_mult, e.a_value_mult,"
                + " e.scope_subset::text, e.source, e.version, e.control_id, t.ts_min_mult, t.halo_mult, t.a_value_mult, t.scope_subset::text"
                + " FROM pm_effective_tuning_explained(?, ?::jsonb) e, pm_effective_tuning(?, ?::jsonb) t")) {
            String json = io.pmtuner.model.Json.stringMap(scope);
            ps.setString(1, pattern);
            ps.setString(2, json);
            ps.setString(3, pattern);
            ps.setString(4, json);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                EffectiveTuning t = new EffectiveTuning(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), subset(rs.getString(4)),
                        EffectiveTuning.Source.valueOf(rs.getString(5)), (Integer) rs.getObject(6), rs.getObject(7) == null ? null : rs.getLong(7));
                assertThat(new double[] {rs.getDouble(8), rs.getDouble(9), rs.getDouble(10)}).as("the lookup's four columns")
                        .containsExactly(t.tsMinMult(), t.haloMult(), t.aValueMult());
                assertThat(rs.getString(11)).isEqualTo(rs.getString(4));
                assertThat(rs.next()).as("one row").isFalse();
                return t;
            }
        }
    }

    private static Map<String, String> subset(String json) {
        if (json == null) return null;
        Map<String, String> m = new LinkedHashMap<>();
        String body = json.replaceAll("[{}\" ]", "");
        if (body.isEmpty()) return m;
        for (String kv : body.split(",")) m.put(kv.split(":")[0], kv.split(":")[1]);
        return m;
    }
}
