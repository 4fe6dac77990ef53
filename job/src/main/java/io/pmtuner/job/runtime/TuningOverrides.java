package io.pmtuner.job.runtime;

import io.pmtuner.job.tuning.OverrideChange;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an engine written in Java uses to read its effective gates (SPEC 7): a snapshot of
 * {@code pm_overrides}, loaded with {@link #load} (reload it when you want newer overrides), and
 * {@link #resolve}, which picks the same override as the SQL function {@code pm_effective_tuning}:
 * the most specific subset contained in the scope; ties by evidence, then the later decision.
 *
 * <pre>
 * TuningOverrides overrides = TuningOverrides.load(connection);
 * EffectiveTuning t = overrides.resolve("pm.s1_entry", Map.of("chain", "solana", "mcap_bucket", "micro"));
 * boolean entryGate = t.passesTs(tsWithBoost, baseTsMin);
 * </pre>
 */
public final class TuningOverrides {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SELECT = "SELECT pattern_key, scope_subset::text, ts_min_mult, halo_mult, a_value_mult,"
            + " evidence_n, decided_ts FROM pm_overrides WHERE action_category = 'tuning'";

    record Row(String patternKey, Map<String, String> subset, String subsetText, double tsMinMult, double haloMult,
               double aValueMult, long evidence, long decidedTs) {}

    private static final Comparator<Row> MOST_SPECIFIC_FIRST = Comparator
            .comparingInt((Row r) -> r.subset().size()).reversed()
            .thenComparing(Comparator.comparingLong(Row::evidence).reversed())
            .thenComparing(Comparator.comparingLong(Row::decidedTs).reversed())
            .thenComparing(Row::subsetText);

    private final List<Row> rows;

    private TuningOverrides(List<Row> rows) {
        this.rows = rows;
    }

    public static TuningOverrides load(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp decided = rs.getTimestamp(7);
                rows.add(new Row(rs.getString(1), parseSubset(rs.getString(2)), rs.getString(2),
                        rs.getBigDecimal(3).doubleValue(), rs.getBigDecimal(4).doubleValue(), rs.getBigDecimal(5).doubleValue(),
                        rs.getLong(6), decided.getTime()));
            }
        }
        return new TuningOverrides(rows);
    }

    /**
     * The same lookup over changes held in memory rather than read from the table (the latest change
     * of each key): how the in-process judge evaluation plays the engine.
     */
    public static TuningOverrides of(java.util.Collection<OverrideChange> current) {
        List<Row> rows = new ArrayList<>();
        for (OverrideChange c : current) {
            Map<String, String> subset;
            try {
                subset = parseSubset(c.subsetJson);
            } catch (SQLException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            rows.add(new Row(c.patternKey, subset, c.subsetJson, c.tsMinMult, c.haloMult, c.aValueMult, c.evidenceEpisodes, c.decidedTs));
        }
        return new TuningOverrides(rows);
    }

    /**
     * The tuning for a pattern ({@code pm.s1_entry} or its override key {@code pm.tuning.s1_gates}) in a
     * scope. A key that is neither is refused, as the SQL function refuses it: a typo must not read as
     * "no override".
     */
    public EffectiveTuning resolve(String patternKey, Map<String, String> scope) {
        String key = patternKey == null ? null : OverrideChange.tuningKeyOf(patternKey);
        if (!OverrideChange.S1_GATES.equals(key) && !OverrideChange.S3_GATES.equals(key)) {
            throw new IllegalArgumentException("unknown pattern key '" + patternKey
                    + "' (pm.s1_entry, pm.s3_retest, pm.tuning.s1_gates or pm.tuning.s3_gates)");
        }
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

    private static Map<String, String> parseSubset(String json) throws SQLException {
        try {
            Map<String, String> out = new TreeMap<>();
            JsonNode node = MAPPER.readTree(json);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                out.put(f.getKey(), f.getValue().asText());
            }
            return out;
        } catch (IOException e) {
            throw new SQLException("pm_overrides.scope_subset is not a JSON object: " + json, e);
        }
    }
}
