package io.pmtuner.core.tuning;

import java.io.Serializable;

/**
 * A judge mode ({@code spec}: rate rules; {@code calibrated}: docs/judges.md): turns the votes of one
 * {@code (pattern, scope_subset)}, in event-time order, into override changes, keeping what it needs
 * in a state object of type {@code S}. Pure: the Flink operator keeps {@code S} in keyed state, the
 * in-process evaluation in a map, and both call the same code.
 */
public interface TuningJudge<S> extends Serializable {
    /** Name of the operator's state for this mode (distinct per mode, so that switching modes restores cleanly). */
    String stateName();

    Class<S> stateClass();

    S newState();

    /** Whether {@code v} is evidence for this judge; a vote that is not leaves no state behind. */
    boolean isEvidence(S state, Vote v);

    /** Takes in an evidence vote; returns the change it triggers, or null. */
    OverrideChange onVote(S state, Vote v, Listener listener);

    /** What a judgment did, for metrics. */
    interface Listener {
        Listener NONE = new Listener() {};

        default void judged() {}

        /** A judgment that did not move, with its reason (the calibrated judge's evidence, fit, deadband, hysteresis, clamp; budget). */
        default void held(String reason) {}

        /** A change the change budget held back: the first of its key's day, to be recorded with its evidence. */
        default void heldByBudget(OverrideChange wouldHaveBeen) {}

        default void regimeChange() {}
    }
}
