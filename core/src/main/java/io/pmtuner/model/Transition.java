package io.pmtuner.model;

/**
 * An element of the compressed, per-series, seq-ordered stream that the CEP patterns and the outcome
 * function consume. The sequencer emits one for every state change, {@code buy_flag} rise or fall,
 * {@code trim_flag} rise, sequence gap and PM decision, each carrying the tick it happened on.
 * Light "clock" copies of the other ticks of a series outside S0/S4 go only to the outcome function,
 * which needs the series' own time for the horizon rule.
 */
public class Transition {
    public String seriesKey;
    public Series series;

    /** The tick this element happened on (for a decision: the last tick released before it). */
    public Tick tick;
    /** Set when this element is a PM decision. */
    public Decision decision;
    /** The {@code seq} a decision refers to (for ticks: the tick's own seq). */
    public long seq;
    /** Event time: the tick's bar time, or the decision's. */
    public long barTs;

    /** State of the previous tick (null when the series has no history). */
    public State prevState;
    public boolean stateChanged;
    public boolean buyRose;
    public boolean buyFell;
    public boolean trimRose;
    /** A gap in {@code seq} right before this tick. */
    public boolean dataGap;
    /** Only a clock tick for the outcome function; never sent to CEP. */
    public boolean clockOnly;

    /** Running number of ticks of this series (to count the ticks of a window). */
    public long tickIndex;
    /** seq and bar time of the tick before this one (the last tick of a window that this one closes). */
    public long prevTickSeq;
    public long prevTickTs;

    /** Number of this S3 retest within its S3 run; 0 when this is not a retest start. */
    public int retestIndex;
    /**
     * On the tick that ends a run of S1 ticks: the tick of that run with the fewest failing gates
     * (ties: the latest). The S1 decision point when no tick of the window had {@code buy_flag}.
     */
    public Tick s1Best;

    public Transition() {}

    public boolean isTick() {
        return decision == null;
    }

    public boolean isDecision() {
        return decision != null;
    }

    public State state() {
        return tick == null ? null : tick.state;
    }
}
