package io.pmtuner.job.sources;

import io.pmtuner.job.config.JobParameters;
import io.pmtuner.core.ingest.ParseResult;
import io.pmtuner.core.ingest.QuorumClock;
import io.pmtuner.model.EngineEvent;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kafka source's parsing and per-partition watermarks, without a broker. */
class KafkaEventsTest {
    static final String TICK = "{\"v\":1,\"type\":\"tick\",\"series\":{\"book\":\"main\",\"chain\":\"solana\",\"contract\":\"tok1\","
            + "\"timeframe\":\"1h\"},\"bar_ts\":\"%s\",\"seq\":%d,\"state\":\"S0\",\"price\":1.0,\"atr\":0.1,"
            + "\"buy_flag\":false,\"trim_flag\":false}";

    final ContractEventDeserializer deserializer = new ContractEventDeserializer();

    static byte[] tick(String barTs, int seq) {
        return String.format(TICK, barTs, seq).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aContractEventIsParsedInTheSource() {
        ParseResult r = deserializer.parse(tick("2026-01-01T01:00:00Z", 7));
        assertThat(r.reject).isNull();
        assertThat(r.event.barTs).isEqualTo(Instant.parse("2026-01-01T01:00:00Z").toEpochMilli());
        assertThat(r.event.seq).isEqualTo(7);
    }

    @Test
    void messagesThatAreNotEventsAreRejectedWithTheirText() {
        ParseResult tombstone = deserializer.parse(null);
        assertThat(tombstone.event).isNull();
        assertThat(tombstone.reject.reason).isEqualTo("malformed_json");
        assertThat(tombstone.reject.detail).contains("no value");

        assertThat(deserializer.parse("  ".getBytes(StandardCharsets.UTF_8)).reject.detail).contains("blank");

        byte[] latin1 = "{\"v\":1,\"note\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        ParseResult notUtf8 = deserializer.parse(latin1);
        assertThat(notUtf8.reject.reason).isEqualTo("malformed_json");
        assertThat(notUtf8.reject.detail).startsWith("not UTF-8");
        assertThat(notUtf8.reject.raw).startsWith("{\"v\":1,\"note\":\"caf");

        ParseResult missing = deserializer.parse("{\"v\":1,\"type\":\"tick\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(missing.reject.reason).isEqualTo("missing_field");
        assertThat(missing.reject.raw).isEqualTo("{\"v\":1,\"type\":\"tick\"}");
    }

    @Test
    void watermarksFollowBarTimeLessTheLatenessAndIgnoreRejects() {
        // a warm-up of one line: this partition's one series has its own time
        KafkaEvents.BarTime generator = new KafkaEvents.BarTime(60_000, new QuorumClock.Settings(86_400_000, 2, 0.5, 10_000, 0.1, 1));
        List<Long> emitted = new ArrayList<>();
        WatermarkOutput out = new WatermarkOutput() {
            @Override
            public void emitWatermark(Watermark w) {
                emitted.add(w.getTimestamp());
            }

            @Override
            public void markIdle() {}

            @Override
            public void markActive() {}
        };
        long t1 = Instant.parse("2026-01-01T01:00:00Z").toEpochMilli();
        generator.onEvent(deserializer.parse(tick("2026-01-01T01:00:00Z", 1)), t1, out);
        generator.onEvent(deserializer.parse(tick("2026-01-01T00:30:00Z", 0)), t1 - 1_800_000, out); // older: no step back
        generator.onEvent(deserializer.parse("not json".getBytes(StandardCharsets.UTF_8)), Long.MAX_VALUE, out);
        generator.onEvent(deserializer.parse(tick("2026-01-01T02:00:00Z", 2)), t1 + 3_600_000, out);
        generator.onPeriodicEmit(out);
        assertThat(emitted).containsExactly(t1 - 60_001, t1 + 3_600_000 - 60_001);

        EngineEvent e = deserializer.parse(tick("2026-01-01T01:00:00Z", 1)).event;
        long assigned = KafkaEvents.watermarks(new JobParameters.EventTime(java.time.Duration.ofMinutes(1), java.time.Duration.ofDays(1), 2), java.time.Duration.ZERO)
                .createTimestampAssigner(null).extractTimestamp(ParseResult.ok(e), 42L);
        assertThat(assigned).as("event time is bar time, not the message timestamp").isEqualTo(e.barTs);
    }
}
