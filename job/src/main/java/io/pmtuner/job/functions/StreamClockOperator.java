package io.pmtuner.job.functions;

import io.pmtuner.model.EngineEvent;
import io.pmtuner.model.RejectReason;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import io.pmtuner.job.config.JobParameters;
import java.util.List;

/**
 * What the operators that keep a {@link StreamClock} share: its settings, and rejecting what the clock
 * never confirmed as {@code time_jump} (side output {@link Tags#REJECTS}, counted).
 */
abstract class StreamClockOperator<I> extends AbstractStreamOperator<EngineEvent> implements OneInputStreamOperator<I, EngineEvent> {
    private static final long serialVersionUID = 1L;

    protected final long lateness;
    protected final long maxJump;
    protected final int quorum;
    protected transient RejectCounters rejects;

    StreamClockOperator(JobParameters.EventTime time) {
        this.lateness = time.allowedLateness().toMillis();
        this.maxJump = time.maxTimeJump().toMillis();
        this.quorum = time.quorum();
    }

    @Override
    public void open() throws Exception {
        super.open();
        rejects = new RejectCounters(getRuntimeContext());
    }

    /** Passes on what the clock accepted, at its bar time, and rejects what it gave up on. */
    protected void emit(StreamClock.Step step) {
        for (EngineEvent e : step.accepted()) output.collect(new StreamRecord<>(e, e.barTs));
        for (EngineEvent e : step.rejected()) reject(e);
    }

    /** The input ended: what no other series confirmed is rejected rather than lost. */
    protected void rejectHeld(StreamClock clock) {
        for (StreamClock.Candidate c : clock.candidates) reject(c.event);
        clock.candidates.clear();
    }

    protected void reject(EngineEvent e) {
        rejects.inc(RejectReason.TIME_JUMP.code());
        output.collect(Tags.REJECTS, new StreamRecord<>(StreamClock.timeJump(e, maxJump), e.barTs));
    }
}
