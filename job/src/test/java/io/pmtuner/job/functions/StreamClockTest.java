package io.pmtuner.job.functions;

import io.pmtuner.model.EngineEvent;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StreamClockTest {
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private final StreamClock clock = new StreamClock();
    private final List<EngineEvent> accepted = new ArrayList<>();
    private final List<EngineEvent> rejected = new ArrayList<>();

    private EngineEvent see(String series, long ts) {
        EngineEvent e = new EngineEvent();
        e.seriesKey = series;
        e.barTs = ts;
        StreamClock.Step s = clock.observe(e, DAY, 2);
        accepted.addAll(s.accepted());
        rejected.addAll(s.rejected());
        return e;
    }

    @Test
    void aLoneLineFarAheadNeitherMovesTimeNorSurvives() {
        see("a", 0);
        see("b", 0);
        EngineEvent poison = see("a", 365 * DAY);
        assertThat(clock.time).isZero();
        assertThat(accepted).doesNotContain(poison);
        for (long t = HOUR; t < DAY; t += HOUR) see(t % 2 == 0 ? "a" : "b", t);
        assertThat(rejected).isEmpty(); // held for a day of stream time, in case others confirm it
        see("a", DAY);
        assertThat(rejected).containsExactly(poison);
        assertThat(clock.candidates).isEmpty();
        assertThat(clock.time).isEqualTo(DAY);
    }

    @Test
    void aJumpOtherSeriesConfirmIsAcceptedWithEverythingNearIt() {
        see("a", 0);
        see("b", 0);
        EngineEvent a = see("a", 3 * DAY);
        assertThat(accepted).hasSize(2);
        EngineEvent b = see("b", 3 * DAY + HOUR);
        assertThat(accepted).endsWith(a, b);
        assertThat(clock.time).isEqualTo(3 * DAY + HOUR);
        see("c", 3 * DAY + 2 * HOUR); // within a day of the new time: accepted at once
        assertThat(rejected).isEmpty();
        assertThat(clock.candidates).isEmpty();
    }

    @Test
    void aLoneSeriesConfirmsItself() {
        see("a", 0);
        EngineEvent later = see("a", 30 * DAY);
        assertThat(accepted).endsWith(later);
        assertThat(clock.time).isEqualTo(30 * DAY);
    }

    @Test
    void aSmallStepIsNoJump() {
        see("a", 0);
        see("b", 0);
        see("a", DAY);
        assertThat(clock.time).isEqualTo(DAY);
        assertThat(clock.candidates).isEmpty();
    }

    @Test
    void candidatesAreBounded() {
        see("a", 0);
        see("b", 0);
        for (int i = 0; i < StreamClock.MAX_CANDIDATES + 5; i++) see("p", 100 * DAY + i * 10 * DAY);
        assertThat(clock.candidates).hasSize(StreamClock.MAX_CANDIDATES);
        assertThat(rejected).hasSize(5);
    }
}
