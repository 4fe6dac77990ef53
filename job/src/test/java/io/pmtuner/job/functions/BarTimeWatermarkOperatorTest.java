package io.pmtuner.job.functions;

import io.pmtuner.job.config.JobParameters;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file path's stream clock as an operator: the watermark follows what a quorum of series reached
 * (minus the lateness, and a millisecond: a bar at the stream's time is not yet passed), rejects go to the side output with their reasons, and the clock, with what it
 * holds, survives a snapshot and restore.
 */
class BarTimeWatermarkOperatorTest {
    private static final long HOUR = 3_600_000L;
    private static final long LATENESS = 60_000L;

    private static OneInputStreamOperatorTestHarness<EngineEvent, EngineEvent> harness() throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new BarTimeWatermarkOperator(
                new JobParameters.EventTime(Duration.ofMillis(LATENESS), Duration.ofDays(1), 2, 0.5, 10_000, 0.1, 100)));
    }

    /** An hourly tick of {@code series} at hour {@code hour} (seq = hour + 1), or with another bar time. */
    private static EngineEvent tick(String series, long hour, long barTs) {
        EngineEvent e = new EngineEvent();
        e.series = new Series("main", "sol", series, "1h");
        e.seriesKey = e.series.key();
        e.seq = hour + 1;
        e.barTs = barTs;
        e.tick = new Tick();
        e.tick.seq = e.seq;
        e.tick.barTs = barTs;
        e.tick.state = State.S0;
        e.setRaw(series + "@" + hour + "=" + barTs);
        return e;
    }

    private static void send(OneInputStreamOperatorTestHarness<EngineEvent, EngineEvent> h, String series, long hour) throws Exception {
        send(h, tick(series, hour, hour * HOUR));
    }

    private static void send(OneInputStreamOperatorTestHarness<EngineEvent, EngineEvent> h, EngineEvent e) throws Exception {
        h.processElement(new StreamRecord<>(e));
    }

    private static List<Long> watermarks(OneInputStreamOperatorTestHarness<EngineEvent, EngineEvent> h) {
        return h.getOutput().stream().filter(o -> o instanceof Watermark).map(o -> ((Watermark) o).getTimestamp()).toList();
    }

    private static List<String> rejects(OneInputStreamOperatorTestHarness<EngineEvent, EngineEvent> h) {
        var out = h.getSideOutput(Tags.REJECTS);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).map(r -> r.reason + " " + r.raw).toList();
    }

    @Test
    void theWatermarkFollowsTheQuorumAndRejectsGoAside() throws Exception {
        try (var h = harness()) {
            h.open();
            for (long hour = 0; hour < 3; hour++) for (String s : List.of("a", "b", "c", "d")) send(h, s, hour);
            assertThat(watermarks(h)).last().isEqualTo(2 * HOUR - LATENESS - 1);
            send(h, "a", 3);
            send(h, "b", 3); // half of the four: the time moves
            assertThat(watermarks(h)).last().isEqualTo(3 * HOUR - LATENESS - 1);
            send(h, tick("c", 3, 6 * HOUR)); // c three bars off its cadence
            send(h, tick("e", 0, 400 * HOUR)); // a new series far ahead: held
            assertThat(rejects(h)).containsExactly("off_cadence c@3=" + 6 * HOUR);
            assertThat(h.extractOutputValues()).hasSize(14);
            h.processWatermark(new Watermark(Long.MAX_VALUE)); // the end of the input
            assertThat(rejects(h)).containsExactly("off_cadence c@3=" + 6 * HOUR, "time_jump e@0=" + 400 * HOUR);
            assertThat(watermarks(h)).last().isEqualTo(Long.MAX_VALUE);
        }
    }

    @Test
    void theClockAndWhatItHoldsSurviveARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            for (long hour = 0; hour < 3; hour++) for (String s : List.of("a", "b", "c", "d")) send(h, s, hour);
            send(h, tick("e", 0, 400 * HOUR));
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            assertThat(watermarks(h)).as("re-emitted on restore").containsExactly(2 * HOUR - LATENESS - 1);
            send(h, tick("c", 3, 6 * HOUR)); // the restored series know their cadence
            send(h, "a", 3);
            send(h, "b", 3);
            // five series are active (e too, which reached nothing yet): a quorum is three
            assertThat(watermarks(h)).last().isEqualTo(2 * HOUR - LATENESS - 1);
            send(h, "d", 3);
            assertThat(watermarks(h)).last().isEqualTo(3 * HOUR - LATENESS - 1);
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(rejects(h)).containsExactly("off_cadence c@3=" + 6 * HOUR, "time_jump e@0=" + 400 * HOUR);
        }
    }
}
