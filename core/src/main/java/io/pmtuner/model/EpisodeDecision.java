package io.pmtuner.model;

/**
 * What was done with a setup at its decision point: acted on (a buy in the episode's window) or skipped
 * (README "Our readings: episodes"). {@link #wire()} is how tables and state write it.
 */
public enum EpisodeDecision {
    ACTED("acted"),
    SKIPPED("skipped");

    private final String wire;

    EpisodeDecision(String wire) {
        this.wire = wire;
    }

    /** The name in {@code pattern_episode_events.decision} and in an episode's state. */
    public String wire() {
        return wire;
    }

    /** The decision written as {@code wire}; null for null. */
    public static EpisodeDecision of(String wire) {
        if (wire == null) return null;
        for (EpisodeDecision d : values()) {
            if (d.wire.equals(wire)) return d;
        }
        throw new IllegalArgumentException("not a decision: " + wire);
    }
}
