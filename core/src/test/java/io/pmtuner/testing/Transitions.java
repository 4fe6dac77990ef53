package io.pmtuner.testing;

import io.pmtuner.model.Series;
import io.pmtuner.model.State;
import io.pmtuner.model.Tick;
import io.pmtuner.model.Transition;

/** Transitions for tests, one bar an hour: bar {@code seq} is at {@code seq} hours after the epoch. */
public final class Transitions {
    public static final long HOUR = 3_600_000L;

    private Transitions() {}

    /** The sequencer's transition for a tick of {@code series} at bar {@code seq}; change flags are the caller's. */
    public static Transition tick(Series series, long seq, State state, double price) {
        Transition t = new Transition();
        t.seriesKey = series.key();
        t.series = series;
        t.tick = new Tick();
        t.tick.seq = seq;
        t.tick.barTs = seq * HOUR;
        t.tick.state = state;
        t.tick.price = price;
        t.seq = seq;
        t.barTs = seq * HOUR;
        return t;
    }
}
