package io.pmtuner.job.config;

import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSettingsTest {
    static final String[] SOURCE = {"--kafka.bootstrap-servers", "localhost:9092", "--kafka.topic", "events-a,events-b"};

    static String[] with(String... more) {
        String[] out = new String[SOURCE.length + more.length];
        System.arraycopy(SOURCE, 0, out, 0, SOURCE.length);
        System.arraycopy(more, 0, out, SOURCE.length, more.length);
        return out;
    }

    @Test
    void aTopicMakesKafkaTheSourceWithDocumentedDefaults() {
        JobConfig cfg = JobConfig.parse(SOURCE);
        KafkaSettings k = cfg.kafka;
        assertThat(k.isSource()).isTrue();
        assertThat(k.topics).containsExactly("events-a", "events-b");
        assertThat(k.groupId).isEqualTo("pm-tuner");
        assertThat(k.isBounded()).isFalse();
        assertThat(KafkaOffsets.stop(k.stop)).isNull();
        assertThat(k.idleTimeout).isEqualTo(Duration.ofSeconds(30));
        assertThat(k.isOverrideFeed()).isFalse();
        assertThat(cfg.effectiveCheckpointInterval()).as("unbounded: checkpoints on").isEqualTo(Duration.ofSeconds(30));
        assertThat(JobConfig.parse(with("--kafka.stop", "latest")).effectiveCheckpointInterval()).as("bounded replay").isNull();
        assertThat(JobConfig.parse().kafka.isSource()).isFalse();
    }

    @Test
    void startAndStopTakeTheirNamedPositionsAndTimestamps() {
        for (String start : new String[] {"earliest", "latest", "committed", "timestamp:2026-01-01T00:00:00Z"}) {
            assertThat(KafkaOffsets.start(JobConfig.parse(with("--kafka.start", start)).kafka.start)).as(start).isInstanceOf(OffsetsInitializer.class);
        }
        assertThat(KafkaOffsets.stop(JobConfig.parse(with("--kafka.stop", "timestamp:2026-02-01T00:00:00Z")).kafka.stop)).isNotNull();
        assertThatThrownBy(() -> JobConfig.parse(with("--kafka.start", "beginning")))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--kafka.start").hasMessageContaining("beginning");
        assertThatThrownBy(() -> JobConfig.parse(with("--kafka.stop", "timestamp:yesterday")))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("ISO-8601");
    }

    @Test
    void oneSourceAtATimeAndBrokersAreRequired() {
        assertThatThrownBy(() -> JobConfig.parse(with("--input", "x.jsonl")))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> JobConfig.parse("--kafka.topic", "events"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--kafka.bootstrap-servers");
        assertThatThrownBy(() -> JobConfig.parse("--input", "x.jsonl", "--overrides.kafka-topic", "overrides"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--kafka.bootstrap-servers");
    }

    @Test
    void exactlyOnceFeedNeedsCheckpoints() {
        assertThat(JobConfig.parse(SOURCE).kafka.overridesDelivery).isEqualTo(KafkaSettings.Delivery.AT_LEAST_ONCE);
        assertThatThrownBy(() -> JobConfig.parse(with("--kafka.stop", "latest", "--overrides.kafka-topic", "o",
                "--overrides.kafka-delivery", "exactly-once")))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--checkpoint.interval");
        JobConfig ok = JobConfig.parse(with("--overrides.kafka-topic", "o", "--overrides.kafka-delivery", "exactly-once"));
        assertThat(ok.kafka.overridesDelivery).isEqualTo(KafkaSettings.Delivery.EXACTLY_ONCE);
        assertThatThrownBy(() -> JobConfig.parse(with("--overrides.kafka-delivery", "twice")))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("twice");
    }

    @Test
    void secretsAreRefusedOnTheCommandLineButNotAsReferencesOrInAFile(@TempDir Path dir) throws Exception {
        String literal = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"hunter2\";";
        assertThatThrownBy(() -> JobConfig.parse(with("--kafka.property", "sasl.jaas.config=" + literal)))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("secret").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> JobConfig.parse(with("--kafka.property", "ssl.truststore.password=changeit")))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("ssl.truststore.password");

        String reference = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"${env:KAFKA_PASSWORD}\";";
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nssl.truststore.password=from-file\n");
        JobParameters.Kafka cfg = JobConfig.parse(with("--kafka.property", "config.providers=env",
                "--kafka.property", "sasl.jaas.config=" + reference, "--kafka.properties-file", file.toString(),
                "--kafka.property", "security.protocol=SASL_PLAINTEXT")).parameters().kafka();
        Properties p = cfg.properties();
        assertThat(p.getProperty("sasl.jaas.config")).isEqualTo(reference);
        assertThat(p.getProperty("ssl.truststore.password")).isEqualTo("from-file");
        assertThat(p.getProperty("security.protocol")).as("the command line wins over the file").isEqualTo("SASL_PLAINTEXT");

        assertThatThrownBy(() -> JobConfig.parse(with("--kafka.properties-file", dir.resolve("missing").toString())))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("not readable");
        // the settings travel with the job: every one must serialize
        assertThat(org.apache.flink.util.InstantiationUtil.clone(cfg).properties()).isEqualTo(p);
    }
}
