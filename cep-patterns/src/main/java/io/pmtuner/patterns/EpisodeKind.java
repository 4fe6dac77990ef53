package io.pmtuner.patterns;

import io.pmtuner.model.Episode;
import io.pmtuner.model.State;
import io.pmtuner.model.Tick;
import io.pmtuner.model.Transition;

import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.cep.pattern.Pattern;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * One kind of episode (README "Our readings: episodes") and everything that is particular to it: its
 * pattern key and the override key it drives, its CEP pattern and operator uid, its decision point, what
 * blocked a skipped one, and how the series' stream resolves it. The job wires one CEP operator per kind
 * of its {@link EpisodeKinds}. A new kind is one subclass (see {@link S1Entry}) and one row of the
 * {@code pm_patterns} table; a test defines one in test code only and runs it end to end.
 */
public abstract class EpisodeKind implements Serializable {
    private static final long serialVersionUID = 1L;

    /** S0 -> S1, decided by the first buy flag or the tick with the fewest failing gates. */
    public static final EpisodeKind S1_ENTRY = new S1Entry();
    /** A buy flag rising in S3, decided at its start tick. */
    public static final EpisodeKind S3_RETEST = new S3Retest();

    /** The pattern key ({@code pm.s1_entry}), as episodes and lessons carry it. */
    public final String key;
    /** The override key it drives ({@code pm.tuning.s1_gates}). */
    public final String tuningKey;
    /** The uid (and name) of its CEP operator: fixed, savepoints depend on it. */
    public final String uid;

    /** The state the pattern's window lies in: every element of a match but its end is about a tick in it, or a decision. */
    private final State windowState;
    /** What starts a match, what extends its window, and what ends it (see {@link EpisodePatterns#startWindowEnd}). */
    private final FilterFunction<Transition> starts, inWindow, ends;

    protected EpisodeKind(String key, String tuningKey, String uid, State windowState,
                          FilterFunction<Transition> starts, FilterFunction<Transition> inWindow, FilterFunction<Transition> ends) {
        this.key = key;
        this.tuningKey = tuningKey;
        this.uid = uid;
        this.windowState = windowState;
        this.starts = starts;
        this.inWindow = inWindow;
        this.ends = ends;
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

    /** Its FlinkCEP pattern: start, window, end (with {@code within(maxWindow)} when set; see {@link EpisodePatterns}). */
    public final Pattern<Transition, Transition> pattern(Duration maxWindow) {
        return EpisodePatterns.startWindowEnd(starts, inWindow, ends, maxWindow);
    }

    /** The tick of a match at which the setup was decided. */
    protected abstract Tick decisionPoint(Transition start, List<Transition> window, Transition end);

    /** What blocked a skipped episode (README "Our readings: episodes"). */
    protected abstract List<String> blockedBy(Tick dp);

    /**
     * What this kind has the sequencer remember of a series, on every tick it releases (in order; {@code before}:
     * the series' state before the tick): it may keep something in {@code memory} and mark {@code tr}. Returns
     * whether it marked a tick that CEP must see even where nothing else changed. Default: nothing.
     */
    public boolean remember(SeriesMemory memory, Transition tr, State before) {
        return false;
    }

    /** Which retest of its S3 run the episode is (0 for a pattern that has none). */
    protected int retestIndex(Transition start) {
        return 0;
    }

    /** Whether the start tick itself may resolve the episode (it lies at or after the decision point). */
    protected boolean startCanResolve() {
        return false;
    }

    /** Resolves {@code e} if {@code t} decides it; leaves it pending otherwise. */
    protected abstract void resolve(Episode e, Transition t);

    /** The built-in kind of a pattern key. */
    public static EpisodeKind of(String key) {
        return EpisodeKinds.BUILT_IN.of(key);
    }

    /** Kinds are equal when their pattern keys are: a kind is a value, copied into each task with its function. */
    @Override
    public final boolean equals(Object o) {
        return o instanceof EpisodeKind k && k.key.equals(key);
    }

    @Override
    public final int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return key;
    }
}
