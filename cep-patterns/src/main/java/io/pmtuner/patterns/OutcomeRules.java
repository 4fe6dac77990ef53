package io.pmtuner.patterns;

import io.pmtuner.model.Episode;
import io.pmtuner.model.Outcome;
import io.pmtuner.model.Transition;

/**
 * How an element of the series' stream after an episode's decision resolves it (README "Our readings: episodes"). Applied to
 * the element that closes the window, to elements inside an S3 window, and by the outcome function
 * to everything after the close. Outcomes are monotone: a resolved episode is left alone.
 *
 * <p>Our readings (also in the README): on one tick, returning to S0 beats a trim
 * flag (S0 ends the position first), and a real outcome beats the horizon.
 */
public final class OutcomeRules {
    public static final String REACHED_S3 = "reached_s3";
    public static final String S2_PROFITABLE_TRIM = "s2_profitable_trim";
    public static final String TRIM_SIGNAL = "trim_signal";
    public static final String RETURNED_S0 = "returned_s0";
    public static final String HORIZON = "horizon";

    private OutcomeRules() {}

    /** Resolves {@code e}, an episode of {@code kind}, if {@code t} decides it or lies past its horizon. */
    public static void apply(EpisodeKind kind, Episode e, Transition t, long horizonMillis) {
        if (e.isResolved()) return;
        if (t.dataGap) e.dataGap = true;
        kind.resolve(e, t);
        if (!e.isResolved() && t.isTick() && t.barTs >= e.decisionTs + horizonMillis) {
            e.resolve(Outcome.NEUTRAL, HORIZON, t.barTs);
        }
    }
}
