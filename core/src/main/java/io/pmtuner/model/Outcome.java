package io.pmtuner.model;

/**
 * How a setup turned out (README "Our readings: episodes"): a success or a failure decides it; neutral
 * (the horizon passed) does not, and the rates leave it out. {@link #wire()} is how tables and state
 * write it.
 */
public enum Outcome {
    SUCCESS("success"),
    FAILURE("failure"),
    NEUTRAL("neutral");

    private final String wire;

    Outcome(String wire) {
        this.wire = wire;
    }

    /** The name in {@code pattern_episode_events.outcome} and in an episode's state. */
    public String wire() {
        return wire;
    }

    /** Success or failure: an outcome the hit and miss rates count. */
    public boolean decisive() {
        return this != NEUTRAL;
    }

    /** The outcome written as {@code wire}; null for null (not resolved yet). */
    public static Outcome of(String wire) {
        if (wire == null) return null;
        for (Outcome o : values()) {
            if (o.wire.equals(wire)) return o;
        }
        throw new IllegalArgumentException("not an outcome: " + wire);
    }
}
