package io.pmtuner.client;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an engine written in Java uses to read its effective gates (SPEC 7): a snapshot of
 * {@code pm_overrides}, loaded with {@link #load} (reload it when you want newer overrides), and
 * {@link #resolve}, which picks the same override as the SQL function {@code pm_effective_tuning}:
 * the most specific subset contained in the scope; ties by evidence, then the later decision. Needs
 * the PostgreSQL driver and nothing else.
 *
 * <pre>
 * TuningOverrides overrides = TuningOverrides.load(connection);
 * EffectiveTuning t = overrides.resolve("pm.s1_entry", Map.of("chain", "solana", "mcap_bucket", "micro"));
 * boolean entryGate = t.passesTs(tsWithBoost, baseTsMin);
 * </pre>
 */
public final class TuningOverrides {
    // the subset's keys and values come from the database (jsonb_each_text), so no JSON parser is needed here
    private static final String SELECT = "SELECT o.pattern_key, o.scope_subset::text, o.ts_min_mult, o.halo_mult, o.a_value_mult,"
            + " o.evidence_n, o.decided_ts, e.key, e.value FROM pm_overrides o LEFT JOIN LATERAL jsonb_each_text(o.scope_subset) e ON true"
            + " WHERE o.action_category = 'tuning' ORDER BY o.pattern_key, o.scope_subset::text";

    /** One override: its key, scope subset (its JSON text too, the last tie-break), multipliers, evidence and decision time. */
    public record Override(String patternKey, Map<String, String> subset, String subsetText, double tsMinMult, double haloMult,
                           double aValueMult, long evidence, long decidedTs) {}

    private static final Comparator<Override> MOST_SPECIFIC_FIRST = Comparator
            .comparingInt((Override r) -> r.subset().size()).reversed()
            .thenComparing(Comparator.comparingLong(Override::evidence).reversed())
            .thenComparing(Comparator.comparingLong(Override::decidedTs).reversed())
            .thenComparing(Override::subsetText);

    private final List<Override> rows;

    private TuningOverrides(List<Override> rows) {
        this.rows = rows;
    }

    public static TuningOverrides load(Connection c) throws SQLException {
        Map<String, Override> byKey = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1) + '\u001f' + rs.getString(2);
                Override o = byKey.get(id);
                if (o == null) {
                    Timestamp decided = rs.getTimestamp(7);
                    o = new Override(rs.getString(1), new TreeMap<>(), rs.getString(2), rs.getBigDecimal(3).doubleValue(),
                            rs.getBigDecimal(4).doubleValue(), rs.getBigDecimal(5).doubleValue(), rs.getLong(6), decided.getTime());
                    byKey.put(id, o);
                }
                if (rs.getString(8) != null) o.subset().put(rs.getString(8), rs.getString(9));
            }
        }
        return new TuningOverrides(new ArrayList<>(byKey.values()));
    }

    /** The same lookup over overrides held in memory (e.g. the current ones of a simulation). */
    public static TuningOverrides of(Collection<Override> current) {
        return new TuningOverrides(List.copyOf(current));
    }

    /**
     * The tuning for a pattern ({@code pm.s1_entry} or its override key {@code pm.tuning.s1_gates}) in a
     * scope. A key that is neither is refused, as the SQL function refuses it: a typo must not read as
     * "no override".
     */
    public EffectiveTuning resolve(String patternKey, Map<String, String> scope) {
        if (patternKey == null || !PatternKeys.known(patternKey)) {
            throw new IllegalArgumentException("unknown pattern key '" + patternKey
                    + "' (pm.s1_entry, pm.s3_retest, pm.tuning.s1_gates or pm.tuning.s3_gates)");
        }
        String key = PatternKeys.tuningKeyOf(patternKey);
        Map<String, String> s = scope == null ? Map.of() : scope;
        return rows.stream()
                .filter(r -> r.patternKey().equals(key) && contains(s, r.subset()))
                .min(MOST_SPECIFIC_FIRST)
                .map(r -> new EffectiveTuning(r.tsMinMult(), r.haloMult(), r.aValueMult(), r.subset()))
                .orElse(EffectiveTuning.NONE);
    }

    private static boolean contains(Map<String, String> scope, Map<String, String> subset) {
        for (Map.Entry<String, String> e : subset.entrySet()) {
            if (!e.getValue().equals(scope.get(e.getKey()))) return false;
        }
        return true;
    }
}
