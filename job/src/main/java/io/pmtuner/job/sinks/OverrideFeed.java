package io.pmtuner.job.sinks;

import io.pmtuner.job.config.JobParameters;
import io.pmtuner.job.config.KafkaSettings;
import io.pmtuner.core.tuning.OverrideChange;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;

/**
 * The override change feed (README, "Kafka"): every change written to {@code pm_overrides} also goes
 * to a topic, keyed by {@code pattern_key|scope_subset} so that a compacted topic keeps the current
 * override of each key. The message timestamp is the time of sending, not {@code decided_ts}: a replay
 * of old history would otherwise write messages that time-based retention deletes at once (and a
 * segment whose first message is older than segment.ms rolls on every write).
 *
 * <p>At least once (default), idempotent by key: the sink flushes on every checkpoint, and a recovery
 * re-sends the changes made after the restored checkpoint, the same key, version and content, so a
 * consumer that keeps the highest version per key ends where the table ends. Exactly once: one Kafka
 * transaction per checkpoint, committed when the checkpoint completes, so a read_committed consumer
 * sees each change once, a checkpoint interval after it was made.
 */
public final class OverrideFeed {
    /** Brokers refuse a transaction timeout above their transaction.max.timeout.ms, 15 minutes by default. */
    static final String TRANSACTION_TIMEOUT_MS = "900000";

    private OverrideFeed() {}

    public static KafkaSink<OverrideChange> sink(JobParameters.Kafka kafka) {
        Properties props = kafka.properties();
        // the producer's own retries must neither reorder nor duplicate a key's versions
        props.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        KafkaSinkBuilder<OverrideChange> b = KafkaSink.<OverrideChange>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(props)
                .setRecordSerializer(new Serializer(kafka.overridesTopic()));
        if (kafka.overridesDelivery() == KafkaSettings.Delivery.EXACTLY_ONCE) {
            b.setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE).setTransactionalIdPrefix(kafka.transactionalIdPrefix());
        } else {
            b.setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE);
        }
        return b.build();
    }

    /** The message key: one per override, whatever its version. */
    public static String key(OverrideChange c) {
        return c.patternKey + "|" + c.subsetJson;
    }

    /** The message value: the new row of {@code pm_overrides}, the values it replaced, and the evidence. */
    public static String value(OverrideChange c, ObjectMapper mapper) throws IOException {
        ObjectNode o = mapper.createObjectNode();
        o.put("pattern_key", c.patternKey);
        o.put("action_category", OverrideChange.CATEGORY);
        o.set("scope_subset", mapper.readTree(c.subsetJson));
        o.put("version", c.version);
        o.put("ts_min_mult", c.tsMinMult);
        o.put("halo_mult", c.haloMult);
        o.put("a_value_mult", c.aValueMult);
        ObjectNode old = o.putObject("previous");
        old.put("ts_min_mult", c.oldTsMinMult);
        old.put("halo_mult", c.oldHaloMult);
        old.put("a_value_mult", c.oldAValueMult);
        o.put("rule", c.rules);
        o.put("evidence_n", c.evidenceEpisodes);
        o.put("decided_ts", Instant.ofEpochMilli(c.decidedTs).toString());
        o.put("trigger_episode_id", c.triggerEpisodeId);
        o.set("evidence", mapper.readTree(c.evidenceJson));
        return o.toString();
    }

    static final class Serializer implements KafkaRecordSerializationSchema<OverrideChange> {
        private static final long serialVersionUID = 1L;

        private final String topic;
        private transient ObjectMapper mapper;

        Serializer(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(OverrideChange c, KafkaSinkContext ctx, Long timestamp) {
            if (mapper == null) mapper = new ObjectMapper();
            try {
                return new ProducerRecord<>(topic, key(c).getBytes(StandardCharsets.UTF_8), value(c, mapper).getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("override change of " + key(c) + " is not serializable", e);
            }
        }
    }
}
