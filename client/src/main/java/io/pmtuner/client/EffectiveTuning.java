package io.pmtuner.client;

import java.util.Map;

/**
 * The multipliers in force for a pattern in a scope (SPEC 7), and the gates they give from the
 * engine's base values. {@code scopeSubset} is the override that matched, or null when none did.
 */
public record EffectiveTuning(double tsMinMult, double haloMult, double aValueMult, Map<String, String> scopeSubset) {
    public static final EffectiveTuning NONE = new EffectiveTuning(1.0, 1.0, 1.0, null);

    public double tsMin(double baseTsMin) {
        return baseTsMin * tsMinMult;
    }

    public double halo(double baseHalo) {
        return baseHalo * haloMult;
    }

    public double aValue(double baseAValue) {
        return baseAValue * aValueMult;
    }

    /** The trend gate: the score (e.g. {@code ts_with_boost}) must reach the effective {@code ts_min}. */
    public boolean passesTs(double score, double baseTsMin) {
        return score >= tsMin(baseTsMin);
    }

    /** The halo gate: the distance to the anchor EMA, in ATR, must stay within the effective halo. */
    public boolean passesHalo(double distanceAtr, double baseHalo) {
        return distanceAtr <= halo(baseHalo);
    }
}
