package io.pmtuner.job.functions;

import io.pmtuner.core.ingest.QuorumClock;
import io.pmtuner.job.config.JobParameters;
import io.pmtuner.model.EngineEvent;
import io.pmtuner.model.Reject;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * What the operators that keep a stream's {@link QuorumClock} share: its settings and the lateness,
 * passing on what the clock accepted at its bar time, and rejecting what it refused (off_cadence,
 * decision_mismatch, time_jump: side output {@link Tags#REJECTS}, counted).
 */
abstract class StreamClockOperator<I> extends AbstractStreamOperator<EngineEvent> implements OneInputStreamOperator<I, EngineEvent> {
    private static final long serialVersionUID = 1L;

    protected final long lateness;
    protected final QuorumClock.Settings settings;
    protected transient RejectCounters rejects;

    StreamClockOperator(JobParameters.EventTime time) {
        this.lateness = time.allowedLateness().toMillis();
        this.settings = time.clock();
    }

    @Override
    public void open() throws Exception {
        super.open();
        rejects = new RejectCounters(getRuntimeContext());
    }

    /** Passes on what the clock accepted, at its bar time, and rejects what it refused. */
    protected void emit(QuorumClock.Step step) {
        for (EngineEvent e : step.accepted()) output.collect(new StreamRecord<>(e, e.barTs));
        for (Reject r : step.rejected()) reject(r);
    }

    protected void reject(Reject r) {
        rejects.inc(r.reason);
        output.collect(Tags.REJECTS, new StreamRecord<>(r, r.eventTs == null ? Long.MIN_VALUE : r.eventTs));
    }

    /** The watermark the clock's time allows: lateness behind it, or none yet. */
    protected long watermarkOf(QuorumClock clock) {
        return clock.time() == Long.MIN_VALUE ? Long.MIN_VALUE : clock.time() - lateness - 1;
    }

    /** A clock continuing an earlier build's (which kept the stream's time and the events it held far ahead). */
    protected QuorumClock continuing(StreamClock old) {
        return QuorumClock.continuing(settings, old.time, old.candidates.stream().map(c -> c.event).toList());
    }
}
