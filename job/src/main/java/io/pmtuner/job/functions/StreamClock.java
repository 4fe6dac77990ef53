package io.pmtuner.job.functions;

import io.pmtuner.model.EngineEvent;
import io.pmtuner.model.Json;
import io.pmtuner.model.Reject;
import io.pmtuner.model.RejectReason;

import java.time.Duration;
import java.time.Instant;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The stream's event time, which one line cannot move (SPEC 2, "Event time belongs to the stream"). An
 * event at most {@code maxJump} ahead of the stream's time is accepted and advances it. One further
 * ahead is held as a candidate: it is accepted, with every candidate near it, once candidates of
 * {@code quorum} distinct series agree within {@code maxJump} of each other (an engine-wide jump, after
 * an outage), and rejected as {@code time_jump} once the stream's time has advanced by {@code maxJump}
 * since it arrived without that happening. While fewer than {@code quorum} series have been seen, the
 * quorum is the number seen (a lone series cannot be confirmed by others). Decisions depend only on
 * the order of the input, never on the wall clock.
 *
 * <p>Operator state (POJO): the watermark operator keeps it in a checkpoint.
 */
public class StreamClock {
    /** Candidates held at most; beyond, the oldest is rejected (many corrupted lines at once). */
    static final int MAX_CANDIDATES = 10_000;

    /** The newest accepted bar time, or {@link Long#MIN_VALUE} before the first event. */
    public long time = Long.MIN_VALUE;
    /** Distinct series seen, up to the quorum: enough to know whether the quorum can be reached. */
    public List<String> seriesSeen = new ArrayList<>();
    /** Events held, in arrival order. */
    public List<Candidate> candidates = new ArrayList<>();

    /** An event held because it arrived far ahead, with the stream's time when it arrived. */
    public static class Candidate {
        public EngineEvent event;
        public long arrivedAt;

        public Candidate() {}

        Candidate(EngineEvent event, long arrivedAt) {
            this.event = event;
            this.arrivedAt = arrivedAt;
        }
    }

    /** What one event does: the events to pass on now (in order) and those rejected as time jumps. */
    public record Step(List<EngineEvent> accepted, List<EngineEvent> rejected) {}

    public StreamClock() {}

    public Step observe(EngineEvent e, long maxJump, int quorum) {
        if (seriesSeen.size() < quorum && !seriesSeen.contains(e.seriesKey)) seriesSeen.add(e.seriesKey);
        List<EngineEvent> accepted = new ArrayList<>(1);
        List<EngineEvent> rejected = new ArrayList<>(0);
        if (time == Long.MIN_VALUE || e.barTs <= time + maxJump) {
            accepted.add(e);
            time = Math.max(time, e.barTs);
        } else {
            candidates.add(new Candidate(e, time));
            confirm(e.barTs, maxJump, Math.min(quorum, seriesSeen.size()), accepted);
            while (candidates.size() > MAX_CANDIDATES) rejected.add(candidates.remove(0).event);
        }
        // candidates the stream has passed by maxJump without their jump being confirmed
        for (var it = candidates.iterator(); it.hasNext(); ) {
            Candidate c = it.next();
            if (time - c.arrivedAt >= maxJump) {
                rejected.add(c.event);
                it.remove();
            }
        }
        return new Step(accepted, rejected);
    }

    /** When candidates of {@code quorum} series lie within maxJump of {@code at}, the stream jumps: they and their neighbours pass. */
    private void confirm(long at, long maxJump, int quorum, List<EngineEvent> accepted) {
        Set<String> agreeing = new HashSet<>();
        long earliest = Long.MAX_VALUE;
        for (Candidate c : candidates) {
            if (Math.abs(c.event.barTs - at) <= maxJump) {
                agreeing.add(c.event.seriesKey);
                earliest = Math.min(earliest, c.event.barTs);
            }
        }
        if (agreeing.size() < Math.max(1, quorum)) return;
        long jumpTo = earliest;
        for (var it = candidates.iterator(); it.hasNext(); ) {
            Candidate c = it.next();
            if (c.event.barTs <= jumpTo + maxJump) {
                accepted.add(c.event);
                time = Math.max(time, c.event.barTs);
                it.remove();
            }
        }
    }

    /** The reject of an event the stream's time never reached: reason {@code time_jump}, with why. */
    public static Reject timeJump(EngineEvent e, long maxJump) {
        return new Reject(e.raw(), Json.series(e.series), RejectReason.TIME_JUMP.code(), "bar_ts " + Instant.ofEpochMilli(e.barTs)
                + " is more than " + Duration.ofMillis(maxJump) + " ahead of the stream's time and no other series confirmed it", e.barTs);
    }
}
