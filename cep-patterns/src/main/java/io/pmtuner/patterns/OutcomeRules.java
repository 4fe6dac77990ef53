package io.pmtuner.patterns;

import io.pmtuner.model.Action;
import io.pmtuner.model.Episode;
import io.pmtuner.model.State;
import io.pmtuner.model.Transition;

/**
 * How an element of the series' stream after an episode's decision resolves it (SPEC 3). Applied to
 * the element that closes the window, to elements inside an S3 window, and by the outcome function
 * to everything after the close. Outcomes are monotone: a resolved episode is left alone.
 *
 * <p>Readings where SPEC is silent (also in the README): on one tick, returning to S0 beats a trim
 * flag (S0 ends the position first), and a real outcome beats the horizon.
 */
public final class OutcomeRules {
    public static final String REACHED_S3 = "reached_s3";
    public static final String S2_PROFITABLE_TRIM = "s2_profitable_trim";
    public static final String TRIM_SIGNAL = "trim_signal";
    public static final String RETURNED_S0 = "returned_s0";
    public static final String HORIZON = "horizon";

    private OutcomeRules() {}

    public static void apply(Episode e, Transition t, long horizonMillis) {
        if (e.isResolved()) return;
        if (t.dataGap) e.dataGap = true;
        if (Episode.S1_ENTRY.equals(e.patternKey)) {
            applyS1(e, t);
        } else {
            applyS3(e, t);
        }
        if (!e.isResolved() && t.isTick() && t.barTs >= e.decisionTs + horizonMillis) {
            e.resolve(Episode.NEUTRAL, HORIZON, t.barTs);
        }
    }

    private static void applyS1(Episode e, Transition t) {
        State now = t.state();
        if (t.isTick()) {
            if (now == State.S3) {
                e.resolve(Episode.SUCCESS, REACHED_S3, t.barTs);
            } else if (now == State.S0) {
                e.resolve(Episode.FAILURE, RETURNED_S0, t.barTs);
            } else if (now == State.S2 && t.trimRose && t.tick.price > e.decisionPrice) {
                e.resolve(Episode.SUCCESS, S2_PROFITABLE_TRIM, t.barTs);
            }
        } else if (now == State.S2 && t.decision.action == Action.TRIM
                && t.decision.pnl != null && t.decision.pnl > 0) {
            e.resolve(Episode.SUCCESS, S2_PROFITABLE_TRIM, t.barTs);
        }
    }

    private static void applyS3(Episode e, Transition t) {
        State now = t.state();
        if (now == State.S0) {
            e.resolve(Episode.FAILURE, RETURNED_S0, t.barTs);
        } else if (t.isTick() ? t.trimRose : (t.decision.action == Action.TRIM && t.seq >= e.startSeq)) {
            e.resolve(Episode.SUCCESS, TRIM_SIGNAL, t.barTs);
        }
    }
}
