package io.pmtuner.job.functions;

import io.pmtuner.model.EngineEvent;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

import java.time.Duration;

/**
 * Watermark = newest bar time seen minus the allowed lateness, advanced by the events themselves
 * (not by a periodic timer). Whether an event is {@code late} then depends only on the order of the
 * input, never on how fast it was read: SPEC 8's determinism for rejects too.
 */
public class BarTimeWatermarks implements WatermarkGenerator<EngineEvent> {
    private final long lateness;
    private long emitted = Long.MIN_VALUE;

    public BarTimeWatermarks(Duration allowedLateness) {
        this.lateness = allowedLateness.toMillis();
    }

    @Override
    public void onEvent(EngineEvent e, long timestamp, WatermarkOutput out) {
        long wm = e.barTs - lateness - 1;
        if (wm > emitted) {
            emitted = wm;
            out.emitWatermark(new Watermark(wm));
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput out) {
        // punctuated: every advance was emitted in onEvent
    }
}
