package io.pmtuner.client;

import java.util.Map;

/**
 * The multipliers in force for a pattern in a scope (the engine's lookup under the operators' controls), and the
 * gates they give from the engine's base values. {@code scopeSubset} is the override key that applied,
 * or null when none did (nothing matched, or a freeze); {@code source} says where the values came from,
 * {@code version} is the judge's proposal they are (or, for a pin, the key's latest proposal; null when
 * there is none), and {@code controlId} the control that made them apply (null: none).
 */
public record EffectiveTuning(double tsMinMult, double haloMult, double aValueMult, Map<String, String> scopeSubset, Source source,
                              Integer version, Long controlId) {
    public static final EffectiveTuning NONE = new EffectiveTuning(1.0, 1.0, 1.0, null, Source.none, null, null);

    /** Where applied values come from, as {@code pm_effective_tuning_explained} names it. */
    public enum Source {
        /** The judge's latest proposal (the key is live). */
        proposal,
        /** A proposal an operator approved, or the one in force when the key went into shadow. */
        approved,
        /** Multipliers an operator pinned. */
        pin,
        /** An earlier version an operator rolled back to. */
        rollback,
        /** The pattern (or every pattern) is frozen: the values before any override. */
        freeze,
        /** No override applies. */
        none
    }

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
