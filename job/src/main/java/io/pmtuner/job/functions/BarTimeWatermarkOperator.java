package io.pmtuner.job.functions;

import io.pmtuner.model.EngineEvent;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import io.pmtuner.job.config.JobParameters;
import java.util.List;

/**
 * Stamps each event with its bar time and emits watermark = the stream's time minus the allowed
 * lateness. The stream's time is the newest bar time accepted by the {@link StreamClock}: an event far
 * ahead moves it only once other series confirm that time, and one that stays alone is rejected as
 * {@code time_jump} (side output {@link Tags#REJECTS}). The watermark is advanced by the events themselves (not by a periodic timer), so that whether an event is
 * {@code late} depends only on the order of the input, never on how fast it was read (SPEC 8).
 *
 * <p>Unlike a {@code WatermarkStrategy}, whose generator starts from nothing after a restore, this
 * operator checkpoints the watermark it reached and re-emits it on restore: an event that was late
 * before a failure, a stop with savepoint or a split replay is late after it too. It runs at
 * parallelism 1 behind the single reader; the only upstream watermark it passes on is the end of input.
 */
public class BarTimeWatermarkOperator extends StreamClockOperator<EngineEvent> {
    private static final long serialVersionUID = 1L;

    private transient ListState<Long> checkpointed;
    private transient ListState<StreamClock> clockState;
    private transient long emitted;
    private transient StreamClock clock;

    public BarTimeWatermarkOperator(JobParameters.EventTime time) {
        super(time);
    }

    @Override
    public void initializeState(StateInitializationContext ctx) throws Exception {
        super.initializeState(ctx);
        checkpointed = ctx.getOperatorStateStore().getListState(new ListStateDescriptor<>("watermark", Types.LONG));
        emitted = Long.MIN_VALUE;
        for (Long w : checkpointed.get()) emitted = Math.max(emitted, w);
        clockState = ctx.getOperatorStateStore().getListState(new ListStateDescriptor<>("stream-clock", TypeInformation.of(StreamClock.class)));
        clock = null;
        for (StreamClock c : clockState.get()) clock = c;
        if (clock == null) {
            clock = new StreamClock();
            // restored from a savepoint older than the clock: the stream's time is what the watermark says
            if (emitted != Long.MIN_VALUE && emitted != Long.MAX_VALUE) clock.time = emitted + lateness + 1;
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        if (emitted != Long.MIN_VALUE) output.emitWatermark(new Watermark(emitted));
    }

    @Override
    public void processElement(StreamRecord<EngineEvent> record) {
        emit(clock.observe(record.getValue(), maxJump, quorum));
        long wm = clock.time - lateness - 1;
        if (wm > emitted) {
            emitted = wm;
            output.emitWatermark(new Watermark(wm));
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE && emitted != Long.MAX_VALUE) {
            rejectHeld(clock);
            emitted = Long.MAX_VALUE;
            super.processWatermark(mark);
        }
    }


    @Override
    public void snapshotState(StateSnapshotContext ctx) throws Exception {
        super.snapshotState(ctx);
        checkpointed.update(List.of(emitted));
        clockState.update(List.of(clock));
    }
}
