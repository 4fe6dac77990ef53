package io.pmtuner.job.functions;

import io.pmtuner.core.ingest.QuorumClock;
import io.pmtuner.job.config.JobParameters;
import io.pmtuner.model.EngineEvent;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps one ordered stream's event time with a {@link QuorumClock} and stamps each event it accepts
 * with its bar time: watermark = the stream's time minus the allowed lateness. A tick off its series'
 * cadence, a decision not tied to its tick, and an event that stays far ahead of what a quorum of
 * series reached are rejected (side output {@link Tags#REJECTS}). The watermark is advanced by the
 * events themselves (not by a periodic timer), so that whether an event is {@code late} depends only on
 * the order of the input, never on how fast it was read (docs/design.md "The pipeline").
 *
 * <p>Unlike a {@code WatermarkStrategy}, whose generator starts from nothing after a restore, this
 * operator checkpoints its clock and the watermark it reached, and re-emits the watermark on restore:
 * an event that was late before a failure, a stop with savepoint or a split replay is late after it
 * too. It runs at parallelism 1 behind its stream's reader; the only upstream watermark it passes on
 * is the end of input. A savepoint of a build before the quorum clock continues from that build's
 * clock (the stream's time and what it held).
 */
public class BarTimeWatermarkOperator extends StreamClockOperator<EngineEvent> {
    private static final long serialVersionUID = 1L;

    private transient ListState<Long> checkpointed;
    private transient ListState<Long> clockTimes;
    private transient ListState<QuorumClock.SeriesTime> seriesState;
    private transient ListState<QuorumClock.Held> heldState;
    private transient long emitted;
    private transient QuorumClock clock;

    public BarTimeWatermarkOperator(JobParameters.EventTime time) {
        super(time);
    }

    @Override
    public void initializeState(StateInitializationContext ctx) throws Exception {
        super.initializeState(ctx);
        checkpointed = ctx.getOperatorStateStore().getListState(new ListStateDescriptor<>("watermark", Types.LONG));
        emitted = Long.MIN_VALUE;
        for (Long w : checkpointed.get()) emitted = Math.max(emitted, w);
        // the quorum clock: [time, warm, lines], its series and what it holds
        clockTimes = ctx.getOperatorStateStore().getListState(new ListStateDescriptor<>("quorum-clock", Types.LONG));
        seriesState = ctx.getOperatorStateStore().getListState(new ListStateDescriptor<>("quorum-clock-series",
                TypeInformation.of(QuorumClock.SeriesTime.class)));
        heldState = ctx.getOperatorStateStore().getListState(new ListStateDescriptor<>("quorum-clock-held", TypeInformation.of(QuorumClock.Held.class)));
        List<Long> times = new ArrayList<>();
        clockTimes.get().forEach(times::add);
        if (times.size() == 3) {
            List<QuorumClock.SeriesTime> series = new ArrayList<>();
            seriesState.get().forEach(series::add);
            List<QuorumClock.Held> held = new ArrayList<>();
            heldState.get().forEach(held::add);
            clock = QuorumClock.restore(settings, new QuorumClock.Snapshot(times.get(0), times.get(1) != 0, times.get(2), series, held));
            return;
        }
        // an earlier build's clock, or none: a savepoint older than any clock says the time in its watermark
        ListState<StreamClock> old = ctx.getOperatorStateStore().getListState(new ListStateDescriptor<>("stream-clock",
                TypeInformation.of(StreamClock.class)));
        StreamClock before = null;
        for (StreamClock c : old.get()) before = c;
        old.clear();
        if (before == null && emitted != Long.MIN_VALUE && emitted != Long.MAX_VALUE) {
            before = new StreamClock();
            before.time = emitted + lateness + 1;
        }
        clock = before != null ? continuing(before) : new QuorumClock(settings);
    }

    @Override
    public void open() throws Exception {
        super.open();
        if (emitted != Long.MIN_VALUE) output.emitWatermark(new Watermark(emitted));
    }

    @Override
    public void processElement(StreamRecord<EngineEvent> record) {
        emit(clock.observe(record.getValue()));
        advance();
    }

    private void advance() {
        long wm = watermarkOf(clock);
        if (wm > emitted) {
            emitted = wm;
            output.emitWatermark(new Watermark(wm));
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE && emitted != Long.MAX_VALUE) {
            emit(clock.end());
            advance();
            emitted = Long.MAX_VALUE;
            super.processWatermark(mark);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext ctx) throws Exception {
        super.snapshotState(ctx);
        checkpointed.update(List.of(emitted));
        QuorumClock.Snapshot s = clock.snapshot();
        clockTimes.update(List.of(s.time(), s.warm() ? 1L : 0L, s.lines()));
        seriesState.update(s.series());
        heldState.update(s.held());
    }
}
