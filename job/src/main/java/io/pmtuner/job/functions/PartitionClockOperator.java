package io.pmtuner.job.functions;

import io.pmtuner.core.ingest.ParseResult;
import io.pmtuner.core.ingest.QuorumClock;

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
import java.util.List;
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
    private transient Map<String, QuorumClock> clocks;
    private transient Map<String, Long> observed;
    /** The partitions this subtask has read since it started: their clocks are its own. */
    private transient Set<String> read;
    private transient long emitted;
    private transient LongCounter eventsRead;

    /**
     * One partition's clock in a checkpoint (POJO): its quorum clock's time, warm-up, lines, series and held
     * events; {@code clock} is the clock of builds before the quorum clock, read once on restore.
     */
    public static class PartitionClock {
        public String partition;
        /** Events the clock has seen: of two copies of a partition's clock, the one that saw more is newer. */
        public long observed;
        public StreamClock clock;
        public long time = Long.MIN_VALUE;
        public boolean warm;
        public long lines;
        public List<QuorumClock.SeriesTime> series;
        public List<QuorumClock.Held> held;

        public PartitionClock() {}

        PartitionClock(String partition) {
            this.partition = partition;
        }

        /** This copy's clock: the quorum clock it holds, or one continuing an earlier build's, or a new one. */
        QuorumClock restore(QuorumClock.Settings settings) {
            if (series != null) return QuorumClock.restore(settings, new QuorumClock.Snapshot(time, warm, lines, series, held));
            if (clock != null) return QuorumClock.continuing(settings, clock.time, clock.candidates.stream().map(c -> c.event).toList());
            return new QuorumClock(settings);
        }

        static PartitionClock of(String partition, long observed, QuorumClock c) {
            PartitionClock pc = new PartitionClock(partition);
            pc.observed = observed;
            QuorumClock.Snapshot s = c.snapshot();
            pc.time = s.time();
            pc.warm = s.warm();
            pc.lines = s.lines();
            pc.series = s.series();
            pc.held = s.held();
            return pc;
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
        Map<String, PartitionClock> newest = new HashMap<>();
        for (PartitionClock c : state.get()) newest.merge(c.partition, c, (a, b) -> a.observed >= b.observed ? a : b);
        clocks = new HashMap<>();
        observed = new HashMap<>();
        newest.forEach((partition, c) -> {
            clocks.put(partition, c.restore(settings));
            observed.put(partition, c.observed);
        });
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
        QuorumClock clock = clocks.computeIfAbsent(partition, p -> new QuorumClock(settings));
        read.add(partition);
        observed.merge(partition, 1L, Long::sum);
        emit(clock.observe(r.event));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            for (String partition : read) emit(clocks.get(partition).end());
            emitted = Long.MAX_VALUE;
            super.processWatermark(mark);
            return;
        }
        long newest = Long.MIN_VALUE;
        for (String partition : read) newest = Math.max(newest, watermarkOf(clocks.get(partition)));
        if (newest == Long.MIN_VALUE) return;
        long wm = Math.min(mark.getTimestamp(), newest);
        if (wm > emitted) {
            emitted = wm;
            super.processWatermark(new Watermark(wm));
        }
    }


    @Override
    public void snapshotState(StateSnapshotContext ctx) throws Exception {
        super.snapshotState(ctx);
        List<PartitionClock> out = new ArrayList<>();
        clocks.forEach((partition, c) -> out.add(PartitionClock.of(partition, observed.getOrDefault(partition, 0L), c)));
        state.update(out);
    }
}
