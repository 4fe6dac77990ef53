package io.pmtuner.model;

/**
 * One validated input event: a tick or a PM decision of one series. Exactly one of {@link #tick} and
 * {@link #decision} is set. The raw line is kept so that validation further down (duplicates,
 * regressions, illegal changes, lateness) can still reject it verbatim.
 */
public class EngineEvent {
    public Series series;
    public String seriesKey;
    public long seq;
    public long barTs;
    /** {@code prev_state} of a tick as the engine sent it; null on a bootstrap tick. */
    public State prevState;
    public Tick tick;
    public Decision decision;
    public String raw;

    public EngineEvent() {}

    public boolean isTick() {
        return tick != null;
    }
}
