package io.pmtuner.job.functions;

import io.pmtuner.model.EngineEvent;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.time.Duration;
import java.util.List;

/**
 * Stamps each event with its bar time and emits watermark = newest bar time seen minus the allowed
 * lateness, advanced by the events themselves (not by a periodic timer), so that whether an event is
 * {@code late} depends only on the order of the input, never on how fast it was read (SPEC 8).
 *
 * <p>Unlike a {@code WatermarkStrategy}, whose generator starts from nothing after a restore, this
 * operator checkpoints the watermark it reached and re-emits it on restore: an event that was late
 * before a failure, a stop with savepoint or a split replay is late after it too. It runs at
 * parallelism 1 behind the single reader; the only upstream watermark it passes on is the end of input.
 */
public class BarTimeWatermarkOperator extends AbstractStreamOperator<EngineEvent>
        implements OneInputStreamOperator<EngineEvent, EngineEvent> {
    private static final long serialVersionUID = 1L;

    private final long lateness;
    private transient ListState<Long> checkpointed;
    private transient long emitted;

    public BarTimeWatermarkOperator(Duration allowedLateness) {
        this.lateness = allowedLateness.toMillis();
    }

    @Override
    public void initializeState(StateInitializationContext ctx) throws Exception {
        super.initializeState(ctx);
        checkpointed = ctx.getOperatorStateStore().getListState(new ListStateDescriptor<>("watermark", Types.LONG));
        emitted = Long.MIN_VALUE;
        for (Long w : checkpointed.get()) emitted = Math.max(emitted, w);
    }

    @Override
    public void open() throws Exception {
        super.open();
        if (emitted != Long.MIN_VALUE) output.emitWatermark(new Watermark(emitted));
    }

    @Override
    public void processElement(StreamRecord<EngineEvent> record) {
        long barTs = record.getValue().barTs;
        output.collect(record.replace(record.getValue(), barTs));
        long wm = barTs - lateness - 1;
        if (wm > emitted) {
            emitted = wm;
            output.emitWatermark(new Watermark(wm));
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE && emitted != Long.MAX_VALUE) {
            emitted = Long.MAX_VALUE;
            super.processWatermark(mark);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext ctx) throws Exception {
        super.snapshotState(ctx);
        checkpointed.update(List.of(emitted));
    }
}
