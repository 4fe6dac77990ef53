package io.pmtuner.job.sources;

import io.pmtuner.core.ingest.ParseResult;
import io.pmtuner.job.config.KafkaOffsets;
import io.pmtuner.job.config.JobParameters;
import io.pmtuner.core.ingest.QuorumClock;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

import java.time.Duration;

/**
 * Contract events from Kafka: offsets live in Flink's checkpoints (exactly-once reading: a restored
 * job re-reads from the checkpointed offsets), and watermarks are generated per partition, so event
 * time is the slowest active partition's and a series (one key, one partition) is never overtaken.
 */
public final class KafkaEvents {
    private KafkaEvents() {}

    public static KafkaSource<ParseResult> source(JobParameters.Kafka kafka) {
        KafkaSourceBuilder<ParseResult> b = KafkaSource.<ParseResult>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(kafka.topics())
                .setGroupId(kafka.groupId())
                .setClientIdPrefix(kafka.groupId())
                .setStartingOffsets(KafkaOffsets.start(kafka.start()))
                .setDeserializer(new ContractEventDeserializer())
                .setProperties(kafka.properties());
        OffsetsInitializer stop = KafkaOffsets.stop(kafka.stop());
        if (stop != null) b.setBounded(stop);
        return b.build();
    }

    /**
     * Bar time as event time; per partition, watermark = newest bar time minus the allowed lateness,
     * as the file path does over its single ordered reader. A partition quiet for {@code idleTimeout}
     * is left out of the minimum until it delivers again (0 = never).
     */
    public static WatermarkStrategy<ParseResult> watermarks(JobParameters.EventTime time, Duration idleTimeout) {
        long lateness = time.allowedLateness().toMillis();
        QuorumClock.Settings settings = time.clock();
        WatermarkStrategy<ParseResult> s = WatermarkStrategy.<ParseResult>forGenerator(ctx -> new BarTime(lateness, settings))
                .withTimestampAssigner((r, kafkaTs) -> r.event != null ? r.event.barTs : kafkaTs);
        return idleTimeout.isZero() ? s : s.withIdleness(idleTimeout);
    }

    /**
     * Advanced by the events themselves, never by a timer, like the file path's watermark operator, and
     * by the same {@link QuorumClock} per partition: an event far ahead moves the partition's event time
     * only once other series of the partition confirm it, so it cannot make the lines after it late. A
     * generator cannot hold or reject events: the operator after the source keeps the same clock per
     * partition and rejects them ({@link io.pmtuner.job.functions.PartitionClockOperator}). This clock is
     * not in checkpoints (that one is): after a restore it starts from the first event it sees.
     */
    static final class BarTime implements WatermarkGenerator<ParseResult> {
        private final long lateness;
        private final QuorumClock clock;
        private long emitted = Long.MIN_VALUE;

        BarTime(long lateness, QuorumClock.Settings settings) {
            this.lateness = lateness;
            this.clock = new QuorumClock(settings);
        }

        @Override
        public void onEvent(ParseResult r, long eventTimestamp, WatermarkOutput output) {
            if (r.event == null) return; // a reject's time is unknown: it must not move event time
            clock.observe(r.event); // only its time is used: the events go on downstream
            if (clock.time() == Long.MIN_VALUE) return;
            long wm = clock.time() - lateness - 1;
            if (wm > emitted) {
                emitted = wm;
                output.emitWatermark(new Watermark(wm));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            // nothing: see onEvent
        }
    }
}
