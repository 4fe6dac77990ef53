package io.pmtuner.job.config;


import picocli.CommandLine.Option;

import java.io.File;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Reading the events from Kafka, and publishing override changes to it (README, "Kafka"). */
public class KafkaSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Delivery { AT_LEAST_ONCE, EXACTLY_ONCE }

    @Option(names = "--kafka.bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers; with --kafka.topic the job reads its events from Kafka instead of --input.")
    public String bootstrapServers;

    @Option(names = "--kafka.topic", split = ",", paramLabel = "TOPIC[,TOPIC...]",
            description = "Topic(s) of contract events: value = one event as JSON, key = the series.")
    public List<String> topics = new ArrayList<>();

    @Option(names = "--kafka.group-id", defaultValue = "pm-tuner",
            description = "Consumer group; offsets are committed to it on each checkpoint, for monitoring (default ${DEFAULT-VALUE}).")
    public String groupId;

    @Option(names = "--kafka.start", defaultValue = "earliest", paramLabel = "earliest|latest|committed|timestamp:ISO",
            description = "Where a job that does not restore a checkpoint or savepoint starts reading (default ${DEFAULT-VALUE}); "
                    + "committed falls back to earliest for partitions the group has no offset for.")
    public String start;

    @Option(names = "--kafka.stop", defaultValue = "none", paramLabel = "none|latest|timestamp:ISO",
            description = "none reads forever; latest stops at the offsets that were the latest when the job started, and "
                    + "timestamp:ISO at the first message written at or after that time: a bounded replay (default ${DEFAULT-VALUE}).")
    public String stop;

    @Option(names = "--kafka.idle-timeout", converter = DurationConverter.class, defaultValue = "30s",
            description = "A partition that delivers nothing for this long (processing time) stops holding event time back; "
                    + "0 = never (default ${DEFAULT-VALUE}).")
    public Duration idleTimeout;

    @Option(names = "--kafka.property", paramLabel = "KEY=VALUE",
            description = "A Kafka client setting for the source and the change feed (security.protocol, sasl.mechanism, "
                    + "ssl.truststore.location, ...). Secret values only as a config-provider reference such as $${env:NAME}.")
    public Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--kafka.properties-file", paramLabel = "PATH",
            description = "Kafka client settings from a .properties file (e.g. a mounted secret), read when the job is built.")
    public File propertiesFile; // a File, not a Path: these settings are Serializable with the job's

    @Option(names = "--overrides.kafka-topic", paramLabel = "TOPIC",
            description = "Also publish every override change to this topic (key: pattern_key|scope_subset; for a compacted topic).")
    public String overridesTopic;

    @Option(names = "--overrides.kafka-delivery", defaultValue = "at-least-once", paramLabel = "at-least-once|exactly-once",
            converter = DeliveryConverter.class,
            description = "at-least-once: sent at once, a recovery may send a change again (same key, version, content); "
                    + "exactly-once: Kafka transactions committed on each checkpoint, for consumers with "
                    + "isolation.level=read_committed (default ${DEFAULT-VALUE}).")
    public Delivery overridesDelivery;

    @Option(names = "--overrides.kafka-transactional-id-prefix", defaultValue = "pm-tuner-overrides",
            description = "With exactly-once: prefix of the producer's transactional ids, unique per job on a Kafka cluster "
                    + "(default ${DEFAULT-VALUE}).")
    public String transactionalIdPrefix;

    /** Whether the events come from Kafka. */
    public boolean isSource() {
        return !topics.isEmpty();
    }

    public boolean isOverrideFeed() {
        return overridesTopic != null;
    }

    public boolean isBounded() {
        return !"none".equals(stop);
    }

    String problems() {
        List<String> out = new ArrayList<>();
        if ((isSource() || isOverrideFeed()) && (bootstrapServers == null || bootstrapServers.isBlank())) {
            out.add("--kafka.topic and --overrides.kafka-topic need --kafka.bootstrap-servers.");
        }
        if (topics.stream().anyMatch(String::isBlank)) out.add("--kafka.topic has an empty name.");
        if (idleTimeout.isNegative()) out.add("--kafka.idle-timeout must not be negative.");
        try {
            KafkaOffsets.start(start);
        } catch (IllegalArgumentException e) {
            out.add("--kafka.start: " + e.getMessage());
        }
        try {
            KafkaOffsets.stop(stop);
        } catch (IllegalArgumentException e) {
            out.add("--kafka.stop: " + e.getMessage());
        }
        out.addAll(KafkaClientProperties.literalSecrets(properties));
        if (propertiesFile != null && !propertiesFile.canRead()) out.add("--kafka.properties-file " + propertiesFile + " is not readable.");
        return String.join(" ", out);
    }

    /** These settings as the run's parameters, the client settings read now: those of the file, then of the command line (which win). */
    JobParameters.Kafka parameters() {
        return new JobParameters.Kafka(bootstrapServers, topics, groupId, start, stop, idleTimeout,
                isSource() || isOverrideFeed() ? KafkaClientProperties.of(propertiesFile, properties) : new Properties(),
                overridesTopic, overridesDelivery, transactionalIdPrefix);
    }

    /** picocli: the documented lower-case names. */
    public static final class DeliveryConverter implements picocli.CommandLine.ITypeConverter<Delivery> {
        @Override
        public Delivery convert(String value) {
            return switch (value) {
                case "at-least-once" -> Delivery.AT_LEAST_ONCE;
                case "exactly-once" -> Delivery.EXACTLY_ONCE;
                default -> throw new picocli.CommandLine.TypeConversionException("'" + value + "' is neither at-least-once nor exactly-once");
            };
        }
    }
}
