package io.pmtuner.client;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an engine written in Java uses to read its effective gates (README "How an engine reads its effective gates"): a snapshot of what applies
 * to each override key under the operators' controls ({@code pm_applied_overrides}) and of the freezes
 * in force, loaded with {@link #load} (reload it to see newer proposals and controls), and
 * {@link #resolve}, which answers as the SQL function {@code pm_effective_tuning_explained} does: a
 * frozen pattern gives the values before any override; otherwise the most specific subset contained
 * in the scope, ties by evidence, then the later decision, then the subset's text. Needs the PostgreSQL
 * driver and nothing else.
 *
 * <pre>
 * TuningOverrides overrides = TuningOverrides.load(connection);
 * EffectiveTuning t = overrides.resolve("pm.s1_entry", Map.of("chain", "solana", "mcap_bucket", "micro"));
 * boolean entryGate = t.passesTs(tsWithBoost, baseTsMin);
 * </pre>
 */
public final class TuningOverrides {
    // the subset's keys and values come from the database (jsonb_each_text), so no JSON parser is needed here
    private static final String APPLIED = "SELECT a.pattern_key, a.scope_subset::text, a.ts_min_mult, a.halo_mult, a.a_value_mult,"
            + " a.evidence_n, a.decided_ts, a.source, a.version, a.control_id, e.key, e.value"
            + " FROM pm_applied_overrides a LEFT JOIN LATERAL jsonb_each_text(a.scope_subset) e ON true"
            + " ORDER BY a.pattern_key, a.scope_subset::text";
    private static final String PATTERNS = "SELECT p.pattern_key, p.tuning_key, pm_freeze(p.tuning_key) FROM pm_patterns p";

    /**
     * What applies to one override key: its key, scope subset (its JSON text too, the last tie-break),
     * multipliers, evidence, decision time (null for a key only pinned), and where the values came from.
     */
    public record Override(String patternKey, Map<String, String> subset, String subsetText, double tsMinMult, double haloMult,
                           double aValueMult, long evidence, Long decidedTs, EffectiveTuning.Source source, Integer version,
                           Long controlId) {
        /** A live proposal, as the judge wrote it (the in-process evaluation's overrides). */
        public static Override proposal(String patternKey, Map<String, String> subset, String subsetText, double tsMinMult, double haloMult,
                                        double aValueMult, long evidence, long decidedTs, int version) {
            return new Override(patternKey, subset, subsetText, tsMinMult, haloMult, aValueMult, evidence, decidedTs,
                    EffectiveTuning.Source.proposal, version, null);
        }
    }

    private static final Comparator<Override> MOST_SPECIFIC_FIRST = Comparator
            .comparingInt((Override r) -> r.subset().size()).reversed()
            .thenComparing(Comparator.comparingLong(Override::evidence).reversed())
            .thenComparing(Comparator.comparingLong((Override r) -> r.decidedTs() == null ? Long.MIN_VALUE : r.decidedTs()).reversed())
            .thenComparing(Override::subsetText);

    /**
     * The keys of one override key (pattern) whose subsets have the same dimensions, by their values in
     * those dimensions' order: a scope is looked up once per set of dimensions it has, not key by key.
     */
    private record SameDimensions(List<String> dims, Map<List<String>, List<Override>> byValues) {}

    /** Override key -> its keys, grouped by dimensions. */
    private final Map<String, List<SameDimensions>> index = new HashMap<>();
    /** Episode pattern and override key -> override key. */
    private final Map<String, String> tuningKeys;
    /** Override key -> the freeze control in force. */
    private final Map<String, Long> freezes;

    private TuningOverrides(List<Override> rows, Map<String, String> tuningKeys, Map<String, Long> freezes) {
        this.tuningKeys = tuningKeys;
        this.freezes = freezes;
        Map<String, Map<List<String>, SameDimensions>> byDims = new HashMap<>();
        for (Override r : rows) {
            List<String> dims = List.copyOf(new TreeMap<>(r.subset()).keySet());
            List<String> values = new ArrayList<>(dims.size());
            for (String d : dims) values.add(r.subset().get(d));
            byDims.computeIfAbsent(r.patternKey(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(dims, d -> new SameDimensions(d, new HashMap<>()))
                    .byValues().computeIfAbsent(values, v -> new ArrayList<>(1)).add(r);
        }
        byDims.forEach((pattern, groups) -> index.put(pattern, List.copyOf(groups.values())));
    }

    public static TuningOverrides load(Connection c) throws SQLException {
        Map<String, String> tuningKeys = new HashMap<>();
        Map<String, Long> freezes = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(PATTERNS); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tuningKeys.put(rs.getString(1), rs.getString(2));
                tuningKeys.put(rs.getString(2), rs.getString(2));
                long freeze = rs.getLong(3);
                if (!rs.wasNull()) freezes.put(rs.getString(2), freeze);
            }
        }
        Map<String, Override> byKey = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(APPLIED); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1) + '\u001f' + rs.getString(2);
                Override o = byKey.get(id);
                if (o == null) {
                    Timestamp decided = rs.getTimestamp(7);
                    int version = rs.getInt(9);
                    Integer v = rs.wasNull() ? null : version;
                    long control = rs.getLong(10);
                    Long ctl = rs.wasNull() ? null : control;
                    o = new Override(rs.getString(1), new TreeMap<>(), rs.getString(2), rs.getBigDecimal(3).doubleValue(),
                            rs.getBigDecimal(4).doubleValue(), rs.getBigDecimal(5).doubleValue(), rs.getLong(6),
                            decided == null ? null : decided.getTime(), EffectiveTuning.Source.valueOf(rs.getString(8)), v, ctl);
                    byKey.put(id, o);
                }
                if (rs.getString(11) != null) o.subset().put(rs.getString(11), rs.getString(12));
            }
        }
        return new TuningOverrides(new ArrayList<>(byKey.values()), tuningKeys, freezes);
    }

    /** The same lookup over live proposals held in memory (e.g. the current ones of a simulation), with the built-in patterns. */
    public static TuningOverrides of(Collection<Override> current) {
        Map<String, String> tuningKeys = new HashMap<>();
        PatternKeys.TUNING_KEYS.forEach((pattern, tuning) -> {
            tuningKeys.put(pattern, tuning);
            tuningKeys.put(tuning, tuning);
        });
        return new TuningOverrides(List.copyOf(current), tuningKeys, Map.of());
    }

    /**
     * The tuning for a pattern ({@code pm.s1_entry} or its override key {@code pm.tuning.s1_gates}) in a
     * scope. A key that is neither is refused, as the SQL function refuses it: a typo must not read as
     * "no override".
     */
    public EffectiveTuning resolve(String patternKey, Map<String, String> scope) {
        String key = patternKey == null ? null : tuningKeys.get(patternKey);
        if (key == null) {
            throw new IllegalArgumentException("unknown pattern key '" + patternKey + "' (one of " + new TreeMap<>(tuningKeys).keySet() + ")");
        }
        Long freeze = freezes.get(key);
        if (freeze != null) return new EffectiveTuning(1.0, 1.0, 1.0, null, EffectiveTuning.Source.freeze, null, freeze);
        Map<String, String> s = scope == null ? Map.of() : scope;
        Override best = null;
        for (SameDimensions group : index.getOrDefault(key, List.of())) {
            List<String> values = new ArrayList<>(group.dims().size());
            for (String d : group.dims()) {
                String v = s.get(d);
                if (v == null) break;
                values.add(v);
            }
            if (values.size() < group.dims().size()) continue; // the scope lacks one of these dimensions
            for (Override r : group.byValues().getOrDefault(values, List.of())) {
                if (best == null || MOST_SPECIFIC_FIRST.compare(r, best) < 0) best = r;
            }
        }
        return best == null ? EffectiveTuning.NONE
                : new EffectiveTuning(best.tsMinMult(), best.haloMult(), best.aValueMult(), best.subset(), best.source(), best.version(), best.controlId());
    }
}
