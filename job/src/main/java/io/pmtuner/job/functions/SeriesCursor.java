package io.pmtuner.job.functions;

import io.pmtuner.model.State;
import io.pmtuner.model.Tick;
import io.pmtuner.patterns.SeriesMemory;

/**
 * What {@link TransitionFunction} remembers of one series between ticks: a fixed, small record
 * (plus one tick while the series is in S1). A POJO so that its state can evolve across savepoints.
 */
public class SeriesCursor implements SeriesMemory {
    public long lastSeq;
    public long lastBarTs;
    public State lastState;
    public boolean lastBuy;
    public boolean lastTrim;
    public double lastPrice;
    public long tickIndex;
    /** Retest starts so far in the current S3 run (kept by {@code S3Retest}). */
    public int retestCount;
    /** The best decision-point candidate of the current run of S1 ticks (fewest failing gates, latest; kept by {@code S1Entry}). */
    public Tick s1Best;

    public SeriesCursor() {}

    @Override
    public Tick s1Best() {
        return s1Best;
    }

    @Override
    public void s1Best(Tick best) {
        s1Best = best;
    }

    @Override
    public int retestCount() {
        return retestCount;
    }

    @Override
    public void retestCount(int count) {
        retestCount = count;
    }
}
