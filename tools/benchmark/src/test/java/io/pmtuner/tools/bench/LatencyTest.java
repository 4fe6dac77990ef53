package io.pmtuner.tools.bench;

import org.junit.jupiter.api.Test;

import java.util.NavigableMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyTest {
    private static final long HOUR = 3_600_000;

    /** One series' ticks at bars 0..9, on lines 100..109. */
    private static NavigableMap<Long, Integer> ticks() {
        NavigableMap<Long, Integer> t = new TreeMap<>();
        for (int bar = 0; bar < 10; bar++) t.put(bar * HOUR, 100 + bar);
        return t;
    }

    @Test
    void anOutcomeAfterTheWindowIsKnownAtItsOwnTick() {
        assertThat(Latency.resolvingLine(ticks(), 7 * HOUR, 4 * HOUR)).isEqualTo(107);
    }

    @Test
    void anOutcomeDecidedInsideTheWindowIsKnownWhenTheWindowCloses() {
        // outcome at bar 2, window's last tick at bar 4: the episode exists from the closing tick, bar 5
        assertThat(Latency.resolvingLine(ticks(), 2 * HOUR, 4 * HOUR)).isEqualTo(105);
        assertThat(Latency.resolvingLine(ticks(), 4 * HOUR, 4 * HOUR)).isEqualTo(105);
    }

    @Test
    void noTickNoLine() {
        assertThat(Latency.resolvingLine(ticks(), 9 * HOUR, 9 * HOUR)).isNull();
        assertThat(Latency.resolvingLine(null, HOUR, 0)).isNull();
    }
}
