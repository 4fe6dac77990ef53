package io.pmtuner.job.functions;

import io.pmtuner.job.config.JobParameters;
import io.pmtuner.core.ingest.ParseResult;
import io.pmtuner.model.EngineEvent;
import io.pmtuner.model.Reject;
import io.pmtuner.model.Series;
import io.pmtuner.model.State;
import io.pmtuner.model.Tick;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka path's clock per partition: a line far ahead in one partition is held and then rejected as
 * time_jump without touching the other partition; the clocks survive a snapshot and restore (union
 * state); the watermark passed on never runs ahead of the time the clocks accepted.
 */
class PartitionClockOperatorTest {
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    private static OneInputStreamOperatorTestHarness<ParseResult, EngineEvent> harness() throws Exception {
        // a warm-up of one line: a partition of one series keeps its own time from its first line
        return new OneInputStreamOperatorTestHarness<>(new PartitionClockOperator(
                new JobParameters.EventTime(Duration.ZERO, Duration.ofDays(1), 2, 0.5, 10_000, 0.1, 1)));
    }

    /** An hourly tick of {@code series} at {@code ts}, on its cadence (seq = the hour + 1). */
    private static ParseResult event(String partition, String series, long ts) {
        EngineEvent e = new EngineEvent();
        e.series = new Series("uniswap", "eth", series, "1h");
        e.seriesKey = series;
        e.barTs = ts;
        e.seq = ts / HOUR + 1;
        e.tick = new Tick();
        e.tick.seq = e.seq;
        e.tick.barTs = ts;
        e.tick.state = State.S0;
        e.setRaw("{\"series\":\"" + series + "\",\"bar_ts\":" + ts + "}");
        ParseResult r = ParseResult.ok(e);
        r.partition = partition;
        return r;
    }

    private static void send(OneInputStreamOperatorTestHarness<ParseResult, EngineEvent> h, ParseResult r) throws Exception {
        h.processElement(new StreamRecord<>(r, r.event.barTs));
    }

    /** Two series of t-0 at time 0, then a line of one of them a year ahead: held in t-0's clock. */
    private static void poisonPartitionZero(OneInputStreamOperatorTestHarness<ParseResult, EngineEvent> h) throws Exception {
        send(h, event("t-0", "a", 0));
        send(h, event("t-0", "b", 0));
        send(h, event("t-0", "a", 365 * DAY));
    }

    private static List<Long> emittedTimes(OneInputStreamOperatorTestHarness<ParseResult, EngineEvent> h) {
        return h.extractOutputValues().stream().map(e -> e.barTs).toList();
    }

    private static List<Reject> timeJumps(OneInputStreamOperatorTestHarness<ParseResult, EngineEvent> h) {
        var out = h.getSideOutput(Tags.REJECTS);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).filter(r -> Objects.equals(r.reason, "time_jump")).toList();
    }

    @Test
    void aLineFarAheadIsHeldThenRejectedAndTheOtherPartitionGoesOn() throws Exception {
        try (var h = harness()) {
            h.open();
            send(h, event("t-0", "a", 0));
            send(h, event("t-0", "b", 0));
            send(h, event("t-1", "c", 0));
            send(h, event("t-0", "a", 365 * DAY)); // alone in its partition: held
            send(h, event("t-1", "c", 2 * HOUR)); // the other partition keeps its own time
            assertThat(timeJumps(h)).isEmpty();
            assertThat(emittedTimes(h)).containsExactly(0L, 0L, 0L, 2 * HOUR);

            for (long t = HOUR; t <= DAY; t += HOUR) send(h, event("t-0", "b", t));
            assertThat(timeJumps(h)).hasSize(1).allSatisfy(r -> assertThat(r.raw).contains(String.valueOf(365 * DAY)));
            assertThat(emittedTimes(h)).doesNotContain(365 * DAY).hasSize(4 + 24);
        }
    }

    @Test
    void theClocksSurviveARestoreAndTheInputsEndRejectsWhatIsStillHeld() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            poisonPartitionZero(h);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            send(h, event("t-0", "b", HOUR)); // the restored clock knows the stream is at 0, not a year ahead
            assertThat(emittedTimes(h)).containsExactly(HOUR);
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(timeJumps(h)).hasSize(1);
        }
    }

    @Test
    void aSubtaskRejectsOnlyWhatItsOwnPartitionsHold() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            poisonPartitionZero(h);
            send(h, event("t-1", "c", 0));
            snapshot = h.snapshot(1, 1);
        }
        // every subtask gets every clock back (union state); this one reads only t-1 after the restore
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            send(h, event("t-1", "c", HOUR));
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(timeJumps(h)).as("t-0's held line is for the subtask that reads t-0").isEmpty();
        }
    }

    @Test
    void theWatermarkNeverRunsAheadOfTheAcceptedTime() throws Exception {
        try (var h = harness()) {
            h.open();
            poisonPartitionZero(h);
            // what a watermark generator that started from the poisoned line would say
            h.processWatermark(new Watermark(365 * DAY - 1));
            send(h, event("t-0", "b", HOUR));
            h.processWatermark(new Watermark(HOUR - 1));
            assertThat(h.getOutput().stream().filter(o -> o instanceof Watermark).map(o -> ((Watermark) o).getTimestamp()))
                    .containsExactly(-1L, HOUR - 1);
        }
    }
}
