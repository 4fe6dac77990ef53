package io.pmtuner.model;

import java.nio.charset.StandardCharsets;

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
    /**
     * The line as received, in UTF-8. Bytes, not a String: every event crosses the network to the
     * sequencer and waits in its state, and Flink copies a byte array in one go where it writes a
     * String char by char (profiled: writing and reading the line as a String was about a sixth of
     * the job's samples). Only a reject decodes it ({@link #raw()}).
     */
    public byte[] rawUtf8;
    /**
     * The line as a String: only in events restored from a savepoint taken before {@link #rawUtf8}
     * existed (the sequencer buffers events in state), so that their rejects still carry their line.
     */
    public String raw;

    public EngineEvent() {}

    public String raw() {
        return raw != null || rawUtf8 == null ? raw : new String(rawUtf8, StandardCharsets.UTF_8);
    }

    public void setRaw(String line) {
        rawUtf8 = line == null ? null : line.getBytes(StandardCharsets.UTF_8);
    }

    public boolean isTick() {
        return tick != null;
    }
}
