package io.pmtuner.core.ingest;

import io.pmtuner.model.EngineEvent;
import io.pmtuner.model.Json;
import io.pmtuner.model.Reject;
import io.pmtuner.model.RejectReason;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The event time of one ordered stream, which neither one series nor a small group of them can move
 * (docs/event-time.md). It decides, line by line and from the order of the input alone:
 * <ul>
 *   <li><b>cadence</b>: a tick must lie where its series' last accepted tick, its {@code seq} and its
 *       timeframe put it (n bars later = n timeframes later, within a tolerance); one that does not is
 *       rejected ({@code off_cadence}; {@code duplicate_seq} or {@code seq_regression} when its seq is
 *       not past the series' latest) and its series goes on as if it had not come;</li>
 *   <li><b>decisions</b>: a decision's {@code bar_ts} must be the bar time of the tick whose {@code seq}
 *       it names ({@code decision_mismatch}); decisions never move event time;</li>
 *   <li><b>the stream's time</b> is the time a quorum of the active series has reached: the
 *       {@code max(min(minQuorum, active), ceil(share x active))}-th latest of their latest ticks (a
 *       series is active while it has a line among the stream's last {@code activeLines}: who is
 *       active depends on who writes, not on the times they write, which may be corrupted). It never
 *       goes back;</li>
 *   <li>an event more than {@code maxJump} ahead of the stream's time is held: it passes once the
 *       stream's time comes within {@code maxJump} of it (every series resuming after an outage moves
 *       the quorum), and is rejected as {@code time_jump} once the stream's time has moved on by
 *       {@code maxJump} since it arrived, or at the end of the input;</li>
 *   <li>the first events are held until the stream's time can be told, {@code max(2, minQuorum)} ticks
 *       (or {@code warmup} lines): it starts at the (lower) median bar time of their ticks, so a corrupted
 *       first line cannot set it.</li>
 * </ul>
 * Not serializable state itself: {@link #snapshot} and {@link #restore} turn it into POJO lists for
 * an operator's checkpoints.
 */
public final class QuorumClock {
    /** Held events at most; beyond, the oldest is rejected (many corrupted lines at once). */
    static final int MAX_HELD = 10_000;

    /** How the clock decides (options {@code --ingest.*}). Times in milliseconds. */
    public record Settings(long maxJump, int minQuorum, double share, int activeLines, double cadenceTolerance, int warmup)
            implements Serializable {}

    /** What one series looks like to the clock: its last accepted tick (the cadence's baseline) and how far it reached. POJO (checkpointed). */
    public static class SeriesTime {
        public String seriesKey;
        /** seq and bar time of the latest accepted tick; hasBaseline false before one. */
        public long lastSeq;
        public long lastBarTs;
        public boolean hasBaseline;
        /** Whether a later tick agreed with the baseline (an unconfirmed one gives way to two ticks that agree with each other). */
        public boolean confirmed;
        /** A tick that disagreed with an unconfirmed baseline: seq and bar time; contender false when none. */
        public boolean contender;
        public long contenderSeq;
        public long contenderBarTs;
        /** The bar length from the series' timeframe, 0 when it cannot be read (no cadence check then). */
        public long bar;
        /** The latest bar time of its ticks that passed the cadence check, accepted or held. */
        public long reach;
        /** The number of the stream's line on which the series last had a line (activity). */
        public long lastSeen;
        /** Whether it is active, and its neighbours in the clock's list of active series (not checkpointed: rebuilt from lastSeen). */
        transient boolean isActive;
        transient SeriesTime seenBefore, seenAfter;

        public SeriesTime() {}

        SeriesTime(String seriesKey, long bar) {
            this.seriesKey = seriesKey;
            this.bar = bar;
            this.reach = Long.MIN_VALUE;
        }
    }

    /** An event held because it came too far ahead, or during the warm-up, with the stream's time when it arrived. POJO (checkpointed). */
    public static class Held {
        public EngineEvent event;
        public long arrivedAt;
        /** Whether it counts in its series' reach while it waits (a tick checked against its series' cadence). */
        public boolean counted;

        public Held() {}

        Held(EngineEvent event, long arrivedAt, boolean counted) {
            this.event = event;
            this.arrivedAt = arrivedAt;
            this.counted = counted;
        }
    }

    /** What the clock keeps, as an operator checkpoints it. */
    public record Snapshot(long time, boolean warm, long lines, List<SeriesTime> series, List<Held> held) {}

    /** What an event did: the events to pass on (in order), and the rejected ones with their reasons. */
    public record Step(List<EngineEvent> accepted, List<Reject> rejected) {
        static Step empty() {
            return new Step(new ArrayList<>(1), new ArrayList<>(0));
        }
    }

    private final Settings s;
    /** The stream's time, Long.MIN_VALUE before the warm-up ends. */
    private long time = Long.MIN_VALUE;
    private boolean warm;
    private final Map<String, SeriesTime> series = new HashMap<>();
    /**
     * The active series, least recently seen first (a line moves its series to the end): a list through the
     * series themselves, so that a line costs no lookup beyond finding its series.
     */
    private SeriesTime eldest, newest;
    private int activeCount;
    /** Lines seen (the stream's own clock of activity). */
    private long lines;
    /** Events held, in arrival order (the warm-up's first). */
    private final List<Held> held = new ArrayList<>();
    /** The reaches of the active series (those that have one), whose k-th latest the stream's time follows. */
    private final Reaches reaches = new Reaches();

    public QuorumClock(Settings settings) {
        this.s = settings;
    }

    /** The stream's time: what a quorum of its series has reached; Long.MIN_VALUE while warming up. */
    public long time() {
        return time;
    }

    public Step observe(EngineEvent e) {
        Step step = Step.empty();
        if (!warm) {
            held.add(new Held(e, Long.MIN_VALUE, false));
            // a median of two or more ticks cannot be set by one corrupted first line: the lower of two is
            // never the one far ahead (or the warm-up's lines have come: a stream of decisions only)
            if (held.stream().filter(h -> h.event.isTick()).count() >= Math.max(2, s.minQuorum())
                    || held.size() >= Math.max(1, s.warmup())) {
                warmUp(step);
            }
            return step;
        }
        process(e, step);
        settle(step);
        return step;
    }

    /** The input ended: the warm-up's events are judged, and what is still held far ahead is rejected as {@code time_jump}. */
    public Step end() {
        Step step = Step.empty();
        if (!warm) warmUp(step);
        for (Held h : held) step.rejected().add(timeJump(h.event));
        held.clear();
        return step;
    }

    /** The warm-up is over: the stream's time starts at the median bar time of its ticks, and its events are judged in order. */
    private void warmUp(Step step) {
        warm = true;
        List<Long> times = new ArrayList<>();
        for (Held h : held) if (h.event.isTick()) times.add(h.event.barTs);
        if (times.isEmpty()) for (Held h : held) times.add(h.event.barTs);
        times.sort(null);
        if (!times.isEmpty()) time = times.get((times.size() - 1) / 2);
        List<Held> warmup = new ArrayList<>(held);
        held.clear();
        // every series of the warm-up is active from the start: one of them alone cannot make a quorum
        for (Held h : warmup) touch(series.computeIfAbsent(h.event.seriesKey, k -> newSeries(h.event)));
        for (Held h : warmup) process(h.event, step);
        settle(step);
    }

    private void process(EngineEvent e, Step step) {
        SeriesTime t = series.computeIfAbsent(e.seriesKey, k -> newSeries(e));
        seen(t);
        if (e.isTick()) {
            String off = cadence(t, e);
            if (off != null) {
                // a seq the series has had, or one behind it, keeps the reason it has on release (where
                // a copy with the same bar time, or a late one, ends up)
                if (e.seq == t.lastSeq) {
                    step.rejected().add(reject(e, RejectReason.DUPLICATE_SEQ, "seq " + e.seq + " was already seen, at bar_ts "
                            + Instant.ofEpochMilli(t.lastBarTs) + " (this copy says " + Instant.ofEpochMilli(e.barTs) + ")"));
                } else if (e.seq < t.lastSeq) {
                    step.rejected().add(reject(e, RejectReason.SEQ_REGRESSION, "seq " + e.seq + " after seq " + t.lastSeq + ", and " + off));
                } else {
                    step.rejected().add(reject(e, RejectReason.OFF_CADENCE, off));
                }
                return;
            }
            // a tick far ahead counts toward the quorum while it waits only if its cadence was checked: a
            // series' first tick (a new series, perhaps a changed name) counts once it is accepted
            if (t.hasBaseline || e.barTs <= time + s.maxJump()) updateReach(t, Math.max(t.reach, e.barTs));
        } else {
            String mismatch = decision(t, e);
            if (mismatch != null) {
                step.rejected().add(reject(e, RejectReason.DECISION_MISMATCH, mismatch));
                return;
            }
        }
        if (time == Long.MIN_VALUE || e.barTs <= time + s.maxJump()) {
            accept(e, t, step);
        } else {
            held.add(new Held(e, time, e.isTick() && t.hasBaseline));
            while (held.size() > MAX_HELD) step.rejected().add(timeJump(held.remove(0).event));
        }
    }

    private static SeriesTime newSeries(EngineEvent e) {
        return new SeriesTime(e.seriesKey, barLength(e.series == null ? null : e.series.timeframe));
    }

    /** Why a tick is off its series' cadence, or null when it is on it (or the series has no baseline or readable timeframe yet). */
    private String cadence(SeriesTime t, EngineEvent e) {
        if (!t.hasBaseline || t.bar <= 0) return null;
        long tolerance = (long) (s.cadenceTolerance() * t.bar);
        long expected = t.lastBarTs + (e.seq - t.lastSeq) * t.bar;
        if (Math.abs(e.barTs - expected) <= tolerance) {
            if (e.seq != t.lastSeq) t.confirmed = true;
            t.contender = false;
            return null;
        }
        // two ticks in a row agreeing with each other and not with the baseline replace it: the baseline
        // was corrupted (a first tick), or the series' cadence truly broke (the engine restarted its seq);
        // one corrupted line alone cannot do this, the series' next good tick clears it
        if (t.contender && e.seq != t.contenderSeq
                && Math.abs(e.barTs - (t.contenderBarTs + (e.seq - t.contenderSeq) * t.bar)) <= tolerance) {
            t.lastSeq = t.contenderSeq;
            t.lastBarTs = t.contenderBarTs;
            t.confirmed = true;
            t.contender = false;
            return null;
        }
        t.contender = true;
        t.contenderSeq = e.seq;
        t.contenderBarTs = e.barTs;
        return "bar_ts " + Instant.ofEpochMilli(e.barTs) + " is not where seq " + e.seq + " lies on its series' cadence: "
                + Instant.ofEpochMilli(expected) + " (" + (e.seq - t.lastSeq) + " bars of " + Duration.ofMillis(t.bar) + " from seq " + t.lastSeq
                + " at " + Instant.ofEpochMilli(t.lastBarTs) + ")";
    }

    /** Why a decision is not tied to its tick, or null when its bar time is that of the tick whose seq it names. */
    private String decision(SeriesTime t, EngineEvent e) {
        if (!t.hasBaseline) return null; // its tick may be held: checked against nothing, it waits like any event
        long expected;
        if (t.bar > 0) {
            expected = t.lastBarTs + (e.seq - t.lastSeq) * t.bar;
            if (Math.abs(e.barTs - expected) <= (long) (s.cadenceTolerance() * t.bar)) return null;
        } else {
            if (e.seq != t.lastSeq || e.barTs == t.lastBarTs) return null;
            expected = t.lastBarTs;
        }
        return "bar_ts " + Instant.ofEpochMilli(e.barTs) + " is not the bar time of the tick with seq " + e.seq + " (" + Instant.ofEpochMilli(expected) + ")";
    }

    private void accept(EngineEvent e, SeriesTime t, Step step) {
        if (e.isTick() && (!t.hasBaseline || e.seq > t.lastSeq)) {
            t.hasBaseline = true;
            t.lastSeq = e.seq;
            t.lastBarTs = e.barTs;
        }
        if (e.isTick() && e.barTs > t.reach) updateReach(t, e.barTs);
        step.accepted().add(e);
    }

    /** After an event: the stream's time from the quorum; held events it now reaches pass, those it has left behind are rejected. */
    private void settle(Step step) {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
                Held h = it.next();
                if (h.event.barTs <= time + s.maxJump()) {
                    it.remove();
                    SeriesTime t = series.get(h.event.seriesKey);
                    accept(h.event, t, step);
                    moved = true;
                } else if (time != Long.MIN_VALUE && h.arrivedAt != Long.MIN_VALUE && time - h.arrivedAt >= s.maxJump()) {
                    it.remove();
                    step.rejected().add(timeJump(h.event));
                    forgetHeld(h.event);
                }
            }
        }
    }

    /** A rejected held tick no longer counts in its series' reach. */
    private void forgetHeld(EngineEvent e) {
        if (!e.isTick()) return;
        SeriesTime t = series.get(e.seriesKey);
        long reach = t.hasBaseline ? t.lastBarTs : Long.MIN_VALUE;
        for (Held h : held) if (h.counted && h.event.seriesKey.equals(e.seriesKey)) reach = Math.max(reach, h.event.barTs);
        updateReach(t, reach);
    }

    /** A line of the series: it is active (again), and series that have had no line among the last activeLines leave the quorum's count. */
    private void seen(SeriesTime t) {
        t.lastSeen = ++lines;
        boolean changed = touch(t);
        if (changed && t.reach != Long.MIN_VALUE) reaches.add(t.reach);
        while (eldest != null && lines - eldest.lastSeen >= s.activeLines()) {
            SeriesTime gone = eldest;
            unlink(gone);
            gone.isActive = false;
            activeCount--;
            if (gone.reach != Long.MIN_VALUE) reaches.remove(gone.reach);
            changed = true;
        }
        if (changed) rebalance();
    }

    /** Makes {@code t} the most recently seen active series; returns whether it was not active before. */
    private boolean touch(SeriesTime t) {
        boolean added = !t.isActive;
        if (added) {
            t.isActive = true;
            activeCount++;
        } else if (t == newest) {
            return false;
        } else {
            unlink(t);
        }
        t.seenBefore = newest;
        if (newest != null) newest.seenAfter = t;
        else eldest = t;
        newest = t;
        return added;
    }

    private void unlink(SeriesTime t) {
        if (t.seenBefore != null) t.seenBefore.seenAfter = t.seenAfter;
        else eldest = t.seenAfter;
        if (t.seenAfter != null) t.seenAfter.seenBefore = t.seenBefore;
        else newest = t.seenBefore;
        t.seenBefore = null;
        t.seenAfter = null;
    }

    /** Moves a series' reach (counted among the quorum's candidates while the series is active) and lets the stream's time follow the quorum. */
    private void updateReach(SeriesTime t, long reach) {
        boolean isActive = t.isActive;
        if (isActive && t.reach != Long.MIN_VALUE) reaches.remove(t.reach);
        t.reach = reach;
        if (isActive && reach != Long.MIN_VALUE) reaches.add(reach);
        rebalance();
    }

    /**
     * The stream's time follows the quorum: the earliest reach among the as many active series with the
     * latest reaches as the quorum has (the quorum-th latest). The quorum is at least minQuorum series,
     * unless the stream has only ever had one.
     */
    private void rebalance() {
        long quorumTime = reaches.kthLatest(quorum(activeCount));
        if (time != Long.MIN_VALUE && quorumTime != Long.MIN_VALUE && quorumTime > time) time = quorumTime;
    }

    /**
     * How many of {@code active} series make a quorum: a share of them, and at least minQuorum of them
     * (all of them when fewer are active: a stream that is down to one series, the others silent for
     * activeLines lines, goes on at that series' time).
     */
    int quorum(int active) {
        return Math.max(1, Math.max(Math.min(s.minQuorum(), active), (int) Math.ceil(s.share() * active)));
    }

    /** The bar length of a timeframe written as a count and a unit (1m, 5m, 1h, 4h, 1d, 1w, 30s), or 0 when it is none of those. */
    static long barLength(String timeframe) {
        if (timeframe == null || timeframe.length() < 2) return 0;
        char unit = Character.toLowerCase(timeframe.charAt(timeframe.length() - 1));
        long n;
        try {
            n = Long.parseLong(timeframe.substring(0, timeframe.length() - 1));
        } catch (NumberFormatException e) {
            return 0;
        }
        long per = switch (unit) {
            case 's' -> 1_000L;
            case 'm' -> 60_000L;
            case 'h' -> 3_600_000L;
            case 'd' -> 86_400_000L;
            case 'w' -> 7 * 86_400_000L;
            default -> 0;
        };
        return n > 0 ? n * per : 0;
    }

    private Reject timeJump(EngineEvent e) {
        return reject(e, RejectReason.TIME_JUMP, "bar_ts " + Instant.ofEpochMilli(e.barTs) + " is more than " + Duration.ofMillis(s.maxJump())
                + " ahead of the stream's time, which a quorum of its series did not bring near it");
    }

    private static Reject reject(EngineEvent e, RejectReason reason, String detail) {
        return new Reject(e.raw(), Json.series(e.series), reason.code(), detail, e.barTs);
    }

    public Snapshot snapshot() {
        List<SeriesTime> list = new ArrayList<>(series.size());
        for (SeriesTime t : series.values()) list.add(copy(t));
        list.sort(Comparator.comparing(t -> t.seriesKey));
        return new Snapshot(time, warm, lines, list, new ArrayList<>(held));
    }

    private static SeriesTime copy(SeriesTime t) {
        SeriesTime c = new SeriesTime(t.seriesKey, t.bar);
        c.lastSeq = t.lastSeq;
        c.lastBarTs = t.lastBarTs;
        c.hasBaseline = t.hasBaseline;
        c.confirmed = t.confirmed;
        c.contender = t.contender;
        c.contenderSeq = t.contenderSeq;
        c.contenderBarTs = t.contenderBarTs;
        c.reach = t.reach;
        c.lastSeen = t.lastSeen;
        return c;
    }

    /** The clock as {@code snap} left it. */
    public static QuorumClock restore(Settings settings, Snapshot snap) {
        QuorumClock c = new QuorumClock(settings);
        c.time = snap.time();
        c.warm = snap.warm();
        c.lines = snap.lines();
        c.held.addAll(snap.held());
        List<SeriesTime> bySeen = new ArrayList<>(snap.series());
        bySeen.sort(Comparator.comparingLong(t -> t.lastSeen));
        for (SeriesTime original : bySeen) {
            SeriesTime t = copy(original);
            c.series.put(t.seriesKey, t);
            if (c.lines - t.lastSeen >= settings.activeLines()) continue;
            c.touch(t);
            if (t.reach != Long.MIN_VALUE) c.reaches.add(t.reach);
        }
        c.rebalance();
        return c;
    }

    /**
     * A clock that continues from an earlier build's, which kept the stream's time and the events it held
     * far ahead: the series start afresh, the held events stay held.
     */
    public static QuorumClock continuing(Settings settings, long time, List<EngineEvent> heldEvents) {
        QuorumClock c = new QuorumClock(settings);
        c.time = time;
        c.warm = time != Long.MIN_VALUE;
        for (EngineEvent e : heldEvents) c.held.add(new Held(e, c.warm ? time : Long.MIN_VALUE, false));
        return c;
    }
}
