package io.pmtuner.patterns;

import io.pmtuner.model.Action;
import io.pmtuner.model.Episode;
import io.pmtuner.model.Gate;
import io.pmtuner.model.Outcome;
import io.pmtuner.model.State;
import io.pmtuner.model.Tick;
import io.pmtuner.model.Transition;

import org.apache.flink.cep.pattern.Pattern;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One kind of episode (README "Our readings: episodes") and everything that is particular to it: its pattern key and the
 * override key it drives, its CEP pattern and operator uid, its decision point, what blocked a skipped
 * one, and how the series' stream resolves it. The job wires one CEP operator per kind; a new kind is a
 * new constant here (with its pattern in {@link EpisodePatterns}) and the override key in the schema.
 */
public enum EpisodeKind {
    /** S0 -> S1, decided by the first buy flag or the tick with the fewest failing gates. */
    S1_ENTRY("pm.s1_entry", "pm.tuning.s1_gates", "cep-s1-entry", State.S1) {
        @Override
        public Pattern<Transition, Transition> pattern(Duration maxWindow) {
            return EpisodePatterns.s1Entry(maxWindow);
        }

        /** The first tick of the window with the buy flag; without one, the tick with the fewest failing gates (ties: the latest), which the sequencer tracked across the run of S1 ticks. */
        @Override
        Tick decisionPoint(Transition start, List<Transition> window, Transition end) {
            if (start.tick.buyFlag) return start.tick;
            for (Transition t : window) {
                if (t.isTick() && t.tick.buyFlag) return t.tick;
            }
            return end.s1Best != null ? end.s1Best : start.tick;
        }

        /** Failing gates at the decision point, sorted; {@code ["pm"]} when the engine allowed a buy. */
        @Override
        List<String> blockedBy(Tick dp) {
            if (dp.buyFlag) return List.of(EpisodeFactory.BLOCKED_BY_PM);
            List<String> failing = new ArrayList<>();
            if (dp.gates != null) {
                for (Map.Entry<String, Gate> g : dp.gates.entrySet()) {
                    if (!g.getValue().pass) failing.add(g.getKey());
                }
            }
            Collections.sort(failing);
            return failing;
        }

        @Override
        int retestIndex(Transition start) {
            return 0;
        }

        @Override
        boolean startCanResolve() {
            return false;
        }

        /** S3 before S0 succeeds, S0 first fails; in S2, a profitable trim succeeds. */
        @Override
        void resolve(Episode e, Transition t) {
            State now = t.state();
            if (t.isTick()) {
                if (now == State.S3) {
                    e.resolve(Outcome.SUCCESS, OutcomeRules.REACHED_S3, t.barTs);
                } else if (now == State.S0) {
                    e.resolve(Outcome.FAILURE, OutcomeRules.RETURNED_S0, t.barTs);
                } else if (now == State.S2 && t.trimRose && t.tick.price > e.decisionPrice) {
                    e.resolve(Outcome.SUCCESS, OutcomeRules.S2_PROFITABLE_TRIM, t.barTs);
                }
            } else if (now == State.S2 && t.decision.action == Action.TRIM
                    && t.decision.pnl != null && t.decision.pnl > 0) {
                e.resolve(Outcome.SUCCESS, OutcomeRules.S2_PROFITABLE_TRIM, t.barTs);
            }
        }
    },

    /** A buy flag rising in S3, decided at its start tick. */
    S3_RETEST("pm.s3_retest", "pm.tuning.s3_gates", "cep-s3-retest", State.S3) {
        @Override
        public Pattern<Transition, Transition> pattern(Duration maxWindow) {
            return EpisodePatterns.s3Retest(maxWindow);
        }

        @Override
        Tick decisionPoint(Transition start, List<Transition> window, Transition end) {
            return start.tick;
        }

        @Override
        List<String> blockedBy(Tick dp) {
            return List.of(EpisodeFactory.BLOCKED_BY_PM);
        }

        @Override
        int retestIndex(Transition start) {
            return start.retestIndex;
        }

        @Override
        boolean startCanResolve() {
            return true; // a trim on the start tick itself counts
        }

        /** A trim signal at or after the start before S0 succeeds; S0 first fails. */
        @Override
        void resolve(Episode e, Transition t) {
            State now = t.state();
            if (now == State.S0) {
                e.resolve(Outcome.FAILURE, OutcomeRules.RETURNED_S0, t.barTs);
            } else if (t.isTick() ? t.trimRose : (t.decision.action == Action.TRIM && t.seq >= e.startSeq)) {
                e.resolve(Outcome.SUCCESS, OutcomeRules.TRIM_SIGNAL, t.barTs);
            }
        }
    };

    /** The pattern key ({@code pm.s1_entry}), as episodes and lessons carry it. */
    public final String key;
    /** The override key it drives ({@code pm.tuning.s1_gates}). */
    public final String tuningKey;
    /** The uid (and name) of its CEP operator: fixed, savepoints depend on it. */
    public final String uid;

    /** The state the pattern's window lies in: every element of a match but its end is about a tick in it, or a decision. */
    private final State windowState;

    EpisodeKind(String key, String tuningKey, String uid, State windowState) {
        this.key = key;
        this.tuningKey = tuningKey;
        this.uid = uid;
        this.windowState = windowState;
    }

    /**
     * Whether {@code t} can take part in a match of this pattern: a tick in the window's state (a start or a
     * window element), a change of state (the only way out of that state, so every end is one), or a
     * decision. Anything else (a flag or a gap in another state) can neither start a match nor come while
     * one is open, so its CEP operator need not see it: each element costs CEP state writes and a timer,
     * which on RocksDB are the most expensive part of the job (docs/benchmark.md).
     */
    public boolean canTakePart(Transition t) {
        return t.isDecision() || t.stateChanged || t.state() == windowState;
    }

    /** Its FlinkCEP pattern: start, window, end (with {@code within(maxWindow)} when set). */
    public abstract Pattern<Transition, Transition> pattern(Duration maxWindow);

    abstract Tick decisionPoint(Transition start, List<Transition> window, Transition end);

    /** What blocked a skipped episode (README "Our readings: episodes"). */
    abstract List<String> blockedBy(Tick dp);

    abstract int retestIndex(Transition start);

    /** Whether the start tick itself may resolve the episode (it lies at or after the decision point). */
    abstract boolean startCanResolve();

    /** Resolves {@code e} if {@code t} decides it; leaves it pending otherwise. */
    abstract void resolve(Episode e, Transition t);

    /** The kind of a pattern key. */
    public static EpisodeKind of(String key) {
        EpisodeKind k = BY_KEY.get(key);
        if (k == null) throw new IllegalArgumentException("unknown episode pattern '" + key + "'");
        return k;
    }

    /** The kinds by pattern key: looked up for every element that may resolve an open episode. */
    private static final Map<String, EpisodeKind> BY_KEY = java.util.Arrays.stream(values())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(k -> k.key, k -> k));
}
