package io.pmtuner.job.functions;

import io.pmtuner.model.State;
import io.pmtuner.model.Tick;

/**
 * What {@link TransitionFunction} remembers of one series between ticks: a fixed, small record
 * (plus one tick while the series is in S1). A POJO so that its state can evolve across savepoints.
 */
public class SeriesCursor {
    public long lastSeq;
    public long lastBarTs;
    public State lastState;
    public boolean lastBuy;
    public boolean lastTrim;
    public double lastPrice;
    public long tickIndex;
    /** Retest starts so far in the current S3 run. */
    public int retestCount;
    /** The best decision-point candidate of the current run of S1 ticks (fewest failing gates, latest). */
    public Tick s1Best;

    public SeriesCursor() {}
}
