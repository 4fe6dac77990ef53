package io.pmtuner.job.functions;

import io.pmtuner.core.ingest.ParseResult;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import io.pmtuner.job.config.JobParameters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The way in for a source that parses as it reads and watermarks per partition (Kafka): rejects go to
 * the reject side output, counted; events pass through one {@link StreamClock} per partition, the same
 * clock the source's watermark generator keeps for that partition, so that an event far ahead that no
 * other series of its partition confirms is rejected as {@code time_jump} here while the generator
 * leaves event time where it was. It runs chained to the source, so it sees each partition in order.
 *
 * <p>The clocks are union list state: after a rescale a partition may be read by another subtask, which
 * finds its clock among all of them. Each copy carries the number of events its clock saw, and the
 * newest copy of a partition wins. Every subtask gets every copy back, so only the clocks of the
 * partitions a subtask has read since it started are its own: they alone bound its watermark and have
 * their held events rejected at the end of the input (a held event of a partition that delivers nothing
 * after a restore is not: README). The watermark passed on is the source's, but never ahead of the
 * newest time those clocks accepted: the generator's own clock is not in checkpoints and after a
 * restore starts from whatever line comes first.
 */
public class PartitionClockOperator extends StreamClockOperator<ParseResult> {
    private static final long serialVersionUID = 1L;

    private transient ListState<PartitionClock> state;
    private transient Map<String, PartitionClock> clocks;
    /** The partitions this subtask has read since it started: their clocks are its own. */
    private transient Set<String> read;
    private transient long emitted;
    private transient LongCounter eventsRead;

    /** One partition's clock in a checkpoint (POJO). */
    public static class PartitionClock {
        public String partition;
        /** Events the clock has seen: of two copies of a partition's clock, the one that saw more is newer. */
        public long observed;
        public StreamClock clock;

        public PartitionClock() {}

        PartitionClock(String partition) {
            this.partition = partition;
            this.clock = new StreamClock();
        }
    }

    public PartitionClockOperator(JobParameters.EventTime time) {
        super(time);
    }

    @Override
    public void initializeState(StateInitializationContext ctx) throws Exception {
        super.initializeState(ctx);
        state = ctx.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("partition-clocks", TypeInformation.of(PartitionClock.class)));
        clocks = new HashMap<>();
        for (PartitionClock c : state.get()) clocks.merge(c.partition, c, (a, b) -> a.observed >= b.observed ? a : b);
        read = new HashSet<>();
        emitted = Long.MIN_VALUE;
    }

    @Override
    public void open() throws Exception {
        super.open();
        eventsRead = Progress.counter(getRuntimeContext(), Progress.EVENTS_READ);
    }

    @Override
    public void processElement(StreamRecord<ParseResult> record) {
        ParseResult r = record.getValue();
        eventsRead.add(1);
        if (r.event == null) {
            rejects.inc(r.reject.reason);
            output.collect(Tags.REJECTS, new StreamRecord<>(r.reject));
            return;
        }
        String partition = r.partition == null ? "" : r.partition;
        PartitionClock pc = clocks.computeIfAbsent(partition, PartitionClock::new);
        read.add(partition);
        pc.observed++;
        emit(pc.clock.observe(r.event, maxJump, quorum));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            for (String partition : read) rejectHeld(clocks.get(partition).clock);
            emitted = Long.MAX_VALUE;
            super.processWatermark(mark);
            return;
        }
        long newest = Long.MIN_VALUE;
        for (String partition : read) newest = Math.max(newest, clocks.get(partition).clock.time);
        if (newest == Long.MIN_VALUE) return;
        long wm = Math.min(mark.getTimestamp(), newest - lateness - 1);
        if (wm > emitted) {
            emitted = wm;
            super.processWatermark(new Watermark(wm));
        }
    }


    @Override
    public void snapshotState(StateSnapshotContext ctx) throws Exception {
        super.snapshotState(ctx);
        state.update(new ArrayList<>(clocks.values()));
    }
}
