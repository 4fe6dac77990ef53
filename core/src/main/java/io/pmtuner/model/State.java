package io.pmtuner.model;

import java.util.EnumSet;
import java.util.Set;

/** Engine states and the legal changes between them (README "The event contract"). */
public enum State {
    S0, S1, S2, S3, S4;

    /** Bootstrap ticks (no previous state) may only start in S0 or S4. */
    public static boolean legalBootstrap(State to) {
        return to == S0 || to == S4;
    }

    /** A tick that keeps the state is always legal; a change must be one of the listed edges. */
    public static boolean legal(State from, State to) {
        if (from == null) return legalBootstrap(to);
        if (from == to) return true;
        return successors(from).contains(to);
    }

    private static Set<State> successors(State from) {
        switch (from) {
            case S0: return EnumSet.of(S1);
            case S1: return EnumSet.of(S0, S2);
            case S2: return EnumSet.of(S1, S3);
            case S3: return EnumSet.of(S0);
            case S4: return EnumSet.of(S0);
            default: return EnumSet.noneOf(State.class);
        }
    }

    public static State parse(String s) {
        for (State st : values()) {
            if (st.name().equals(s)) return st;
        }
        return null;
    }
}
