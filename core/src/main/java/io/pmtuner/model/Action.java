package io.pmtuner.model;

/** What the PM sent (README "The event contract", {@code decision.action}). */
public enum Action {
    ENTRY("entry"), ADD("add"), TRIM("trim"), EXIT("exit"), EMERGENCY_EXIT("emergency_exit");

    private final String wire;

    Action(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Entry and add are "acting" on a setup; the rest manage an existing position. */
    public boolean isBuy() {
        return this == ENTRY || this == ADD;
    }

    public static Action parse(String s) {
        for (Action a : values()) {
            if (a.wire.equals(s)) return a;
        }
        return null;
    }
}
