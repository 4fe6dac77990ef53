package io.pmtuner.job.config;

import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The positions {@code --kafka.start} and {@code --kafka.stop} name, as the Kafka source's offsets. */
public final class KafkaOffsets {
    private static final String TIMESTAMP = "timestamp:";

    private KafkaOffsets() {}

    /** earliest | latest | committed (earliest where the group has none) | timestamp:ISO. */
    public static OffsetsInitializer start(String position) {
        return switch (position) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default -> OffsetsInitializer.timestamp(timestamp(position));
        };
    }

    /** Where a bounded read stops (latest | timestamp:ISO), or null for none: read forever. */
    public static OffsetsInitializer stop(String position) {
        return switch (position) {
            case "none" -> null;
            case "latest" -> OffsetsInitializer.latest();
            default -> OffsetsInitializer.timestamp(timestamp(position));
        };
    }

    private static long timestamp(String value) {
        if (!value.startsWith(TIMESTAMP)) throw new IllegalArgumentException("unknown value '" + value + "'");
        try {
            return Instant.parse(value.substring(TIMESTAMP.length())).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not timestamp:ISO-8601 instant (e.g. timestamp:2026-01-01T00:00:00Z)");
        }
    }
}
