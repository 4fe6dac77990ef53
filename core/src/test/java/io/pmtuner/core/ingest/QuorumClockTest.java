package io.pmtuner.core.ingest;

import io.pmtuner.model.Action;
import io.pmtuner.model.Decision;
import io.pmtuner.model.EngineEvent;
import io.pmtuner.model.Reject;
import io.pmtuner.model.Series;
import io.pmtuner.model.State;
import io.pmtuner.model.Tick;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stream's time and its checks, on hand-made streams of hourly bars. */
class QuorumClockTest {
    static final long HOUR = 3_600_000L;
    static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    static final QuorumClock.Settings SETTINGS = new QuorumClock.Settings(Duration.ofDays(1).toMillis(), 2, 0.5, 10_000, 0.1, 10);

    static EngineEvent tick(int series, long seq, long barTs) {
        EngineEvent e = event(series, seq, barTs);
        e.tick = new Tick();
        e.tick.seq = seq;
        e.tick.barTs = barTs;
        e.tick.state = State.S0;
        return e;
    }

    static EngineEvent decision(int series, long seq, long barTs) {
        EngineEvent e = event(series, seq, barTs);
        e.decision = new Decision();
        e.decision.action = Action.ENTRY;
        return e;
    }

    private static EngineEvent event(int series, long seq, long barTs) {
        EngineEvent e = new EngineEvent();
        e.series = new Series("main", "sol", "tok" + series, "1h");
        e.seriesKey = e.series.key();
        e.seq = seq;
        e.barTs = barTs;
        e.setRaw("line of tok" + series + " seq " + seq);
        return e;
    }

    /** {@code n} series, bars {@code from} to {@code to} (exclusive), series by series within a bar: seq = bar + 1. */
    static List<EngineEvent> bars(int n, int from, int to) {
        List<EngineEvent> out = new ArrayList<>();
        for (int b = from; b < to; b++) for (int s = 0; s < n; s++) out.add(tick(s, b + 1, T0 + b * HOUR));
        return out;
    }

    /** Feeds every event, then ends the input; what was accepted and rejected, in order. */
    record Run(List<EngineEvent> accepted, List<Reject> rejected, long time) {}

    static Run run(List<EngineEvent> events) {
        return run(events, SETTINGS);
    }

    static Run run(List<EngineEvent> events, QuorumClock.Settings settings) {
        QuorumClock c = new QuorumClock(settings);
        List<EngineEvent> accepted = new ArrayList<>();
        List<Reject> rejected = new ArrayList<>();
        for (EngineEvent e : events) {
            QuorumClock.Step s = c.observe(e);
            accepted.addAll(s.accepted());
            rejected.addAll(s.rejected());
        }
        long time = c.time();
        QuorumClock.Step end = c.end();
        accepted.addAll(end.accepted());
        rejected.addAll(end.rejected());
        return new Run(accepted, rejected, time);
    }

    @Test
    void theStreamsTimeIsWhatAQuorumOfSeriesReached() {
        Run r = run(bars(10, 0, 50));
        assertThat(r.rejected()).isEmpty();
        assertThat(r.accepted()).hasSize(500);
        assertThat(r.time()).isEqualTo(T0 + 49 * HOUR);
    }

    @Test
    void aLoneSeriesFarAheadMovesNothingAndIsRejected() {
        List<EngineEvent> events = bars(10, 0, 50);
        // a new series whose only line is a year ahead, in the middle
        events.add(250, tick(99, 1, T0 + 365 * 24 * HOUR));
        Run r = run(events);
        assertThat(r.time()).isEqualTo(T0 + 49 * HOUR);
        assertThat(r.rejected()).extracting(Reject::toString).singleElement().asString().startsWith("time_jump");
        assertThat(r.accepted()).hasSize(500);
    }

    @Test
    void twoUnrelatedSeriesAgreeingFarAheadDoNotMakeAQuorum() {
        List<EngineEvent> events = bars(10, 0, 50);
        events.add(250, tick(98, 1, T0 + 1196 * HOUR));
        events.add(300, tick(99, 1, T0 + 1202 * HOUR));
        Run r = run(events);
        assertThat(r.time()).isEqualTo(T0 + 49 * HOUR);
        assertThat(r.rejected()).hasSize(2).allSatisfy(j -> assertThat(j.reason).isEqualTo("time_jump"));
    }

    @Test
    void everySeriesResumingDaysLaterMovesTheQuorum() {
        List<EngineEvent> events = bars(10, 0, 20);
        // an outage: every series resumes 72 bars later, seq counting the missed bars
        events.addAll(bars(10, 92, 120));
        Run r = run(events);
        assertThat(r.rejected()).isEmpty();
        assertThat(r.accepted()).hasSize(480);
        assertThat(r.time()).isEqualTo(T0 + 119 * HOUR);
    }

    @Test
    void aCorruptedFirstLineDoesNotSetTheTime() {
        List<EngineEvent> events = new ArrayList<>();
        events.add(tick(0, 1, T0 + 20L * 365 * 24 * HOUR)); // the year 2046, on a series of its own
        events.addAll(bars(10, 0, 30).subList(1, 300));
        events.add(1, tick(0, 1, T0));
        Run r = run(events);
        assertThat(r.time()).isEqualTo(T0 + 29 * HOUR);
        assertThat(r.rejected()).extracting(j -> j.reason).containsExactly("time_jump");
        assertThat(r.accepted()).hasSize(300);
    }

    @Test
    void aTickOffItsCadenceIsRejectedAndItsSeriesGoesOn() {
        List<EngineEvent> events = bars(10, 0, 30);
        // series 3's tick of bar 15 written three bars late
        int i = events.indexOf(events.stream().filter(e -> e.series.contract.equals("tok3") && e.seq == 16).findFirst().orElseThrow());
        events.set(i, tick(3, 16, T0 + 18 * HOUR));
        Run r = run(events);
        assertThat(r.rejected()).singleElement().satisfies(j -> {
            assertThat(j.reason).isEqualTo("off_cadence");
            assertThat(j.detail).contains("seq 16").contains("2026-01-01T15:00:00Z");
        });
        assertThat(r.accepted()).hasSize(299);
    }

    @Test
    void aSeriesWhoseCadenceTrulyBreaksLosesOneTick() {
        List<EngineEvent> events = new ArrayList<>();
        for (EngineEvent e : bars(10, 0, 30)) {
            // series 5 restarts its seq at bar 20: seq 1000, 1001, ... from then on
            if (e.series.contract.equals("tok5") && e.seq > 20) e = tick(5, 1000 + e.seq, e.barTs);
            events.add(e);
        }
        Run r = run(events);
        assertThat(r.rejected()).singleElement().satisfies(j -> {
            assertThat(j.reason).isEqualTo("off_cadence");
            assertThat(j.detail).contains("seq 1021");
        });
        assertThat(r.accepted()).hasSize(299);
    }

    @Test
    void aSeriesGoingOnAloneMovesTimeOnceTheOthersAreSilentForActiveLines() {
        List<EngineEvent> events = bars(10, 0, 30);
        events.addAll(bars(1, 30, 100)); // series 0 alone for 70 more bars
        Run alone = run(events, new QuorumClock.Settings(Duration.ofDays(1).toMillis(), 2, 0.5, 50, 0.1, 10));
        assertThat(alone.rejected()).isEmpty();
        assertThat(alone.time()).isEqualTo(T0 + 99 * HOUR);
        // while the others still count, it is a lone series ahead: what lies beyond the jump is rejected
        Run counted = run(events);
        assertThat(counted.time()).isEqualTo(T0 + 29 * HOUR);
        assertThat(counted.rejected()).hasSize(100 - 30 - 24).extracting(j -> j.reason).containsOnly("time_jump");
    }

    @Test
    void aCopyOfATickWithAnotherBarTimeKeepsTheReasonItsSeqGives() {
        List<EngineEvent> events = bars(10, 0, 30);
        int i = events.indexOf(events.stream().filter(e -> e.series.contract.equals("tok3") && e.seq == 16).findFirst().orElseThrow());
        events.add(i + 1, tick(3, 16, T0 + 15 * HOUR + 365 * 24 * HOUR)); // the same seq a year ahead
        events.add(i + 2, tick(3, 11, T0 + 15 * HOUR)); // an earlier seq with this bar's time
        events.add(i + 3, tick(3, 16, T0 + 15 * HOUR)); // a true copy: passed on, the transition function rejects it
        Run r = run(events);
        assertThat(r.rejected()).extracting(j -> j.reason).containsExactly("duplicate_seq", "seq_regression");
        assertThat(r.accepted()).hasSize(301);
    }

    @Test
    void aLoneSeriesWarmsUpOnItsSecondTick() {
        QuorumClock c = new QuorumClock(SETTINGS);
        assertThat(c.observe(tick(0, 1, T0)).accepted()).isEmpty();
        assertThat(c.time()).isEqualTo(Long.MIN_VALUE);
        assertThat(c.observe(tick(0, 12, T0 + 11 * HOUR)).accepted()).hasSize(2);
        assertThat(c.time()).isEqualTo(T0 + 11 * HOUR);
    }

    @Test
    void aDecisionIsTiedToItsTickAndNeverMovesTime() {
        List<EngineEvent> events = bars(10, 0, 30);
        events.add(200, decision(2, 20, T0 + 19 * HOUR)); // on its tick: bar 19 is seq 20
        events.add(201, decision(2, 20, T0 + 219 * HOUR)); // 200 hours ahead of its tick
        events.add(202, decision(4, 5, T0 + 4 * HOUR)); // an older tick of its series: fine
        Run r = run(events);
        assertThat(r.rejected()).singleElement().satisfies(j -> assertThat(j.reason).isEqualTo("decision_mismatch"));
        assertThat(r.accepted()).hasSize(302);
        assertThat(r.time()).isEqualTo(T0 + 29 * HOUR);
    }

    @Test
    void aLoneSeriesStreamHasItsOwnTime() {
        Run r = run(bars(1, 0, 40));
        assertThat(r.rejected()).isEmpty();
        assertThat(r.accepted()).hasSize(40);
        assertThat(r.time()).isEqualTo(T0 + 39 * HOUR);
    }

    @Test
    void aSnapshotRestoresTheSameClock() {
        List<EngineEvent> events = bars(10, 0, 30);
        events.add(150, tick(99, 1, T0 + 1000 * HOUR));
        QuorumClock a = new QuorumClock(SETTINGS);
        for (EngineEvent e : events.subList(0, 200)) a.observe(e);
        QuorumClock b = QuorumClock.restore(SETTINGS, a.snapshot());
        for (EngineEvent e : events.subList(200, events.size())) {
            QuorumClock.Step sa = a.observe(e);
            QuorumClock.Step sb = b.observe(e);
            assertThat(sb.accepted()).isEqualTo(sa.accepted());
            assertThat(sb.rejected()).extracting(Reject::toString).isEqualTo(sa.rejected().stream().map(Reject::toString).toList());
            assertThat(b.time()).isEqualTo(a.time());
        }
    }

    @Test
    void timeframesReadAsBarLengths() {
        assertThat(QuorumClock.barLength("1h")).isEqualTo(HOUR);
        assertThat(QuorumClock.barLength("15m")).isEqualTo(15 * 60_000L);
        assertThat(QuorumClock.barLength("1d")).isEqualTo(24 * HOUR);
        assertThat(QuorumClock.barLength("weekly")).isZero();
        assertThat(QuorumClock.barLength(null)).isZero();
    }
}
