package io.pmtuner.job;

import io.pmtuner.job.testing.TestJobs;
import io.pmtuner.job.config.JobParameters;
import io.pmtuner.core.ingest.ParseResult;
import io.pmtuner.job.config.JobConfig;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.tools.sim.EngineSimulator;
import io.pmtuner.job.testing.CapturingReporter;
import io.pmtuner.job.testing.FaultyLines;
import io.pmtuner.job.testing.KafkaBroker;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.job.testing.Tables;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static io.pmtuner.job.testing.TestJobs.awaitQuietCounts;
import static io.pmtuner.job.testing.TestJobs.config;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static io.pmtuner.job.testing.TestJobs.startKafkaJob;
import static io.pmtuner.job.testing.TestJobs.writeInput;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka path against a real broker (KRaft, in this JVM): the simulator's stream produced to a
 * topic of 4 partitions, keyed by series, read by the job at parallelism 2. The tables must equal the
 * file-source run of the same lines; the change feed must hold exactly the changes of
 * {@code pm_override_history}; a failure and recovery from a checkpoint must change nothing.
 */
class KafkaITCase extends PostgresTestBase {
    static final String[] JUDGE = {"--judge.min-episodes", "20", "--judge.min-acted", "5", "--judge.min-skipped", "5"};
    static final String EVENTS = "events";
    static final int PARTITIONS = 4;
    static final ObjectMapper JSON = new ObjectMapper();

    static List<String> lines;
    static Map<String, List<Map<String, String>>> fileRun;

    @BeforeAll
    static void fileRunAndTopic(@TempDir Path dir) throws Exception {
        lines = new ArrayList<>(EngineSimulator.lines(20, 300, 3, Instant.parse("2026-01-01T00:00:00Z"), 3600, 0.35));
        lines.add(lines.size() / 3, "{\"v\":1,\"type\":\"tick\"}");
        lines.add(lines.size() / 2, "not json at all");
        JdbcSettings db = newDatabase();
        runJob(writeInput(dir, lines), db, JUDGE);
        fileRun = Tables.snapshot(db);
        assertThat(fileRun.get("pm_override_history")).isNotEmpty();
        assertThat(fileRun.get("ingest_rejects")).hasSize(2);

        KafkaBroker.createTopic(EVENTS, PARTITIONS);
        KafkaBroker.produce(EVENTS, lines, null);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        KafkaBroker.stop();
    }

    static String[] args(String group, String... more) throws Exception {
        List<String> a = new ArrayList<>(List.of("--kafka.bootstrap-servers", KafkaBroker.bootstrapServers(),
                "--kafka.group-id", group, "--parallelism", "2"));
        a.addAll(List.of(JUDGE));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    static <T> MapFunction<T, T> passThrough() {
        return x -> x;
    }

    @Test
    void tablesEqualTheFileRunAndTheFeedHoldsEveryChange() throws Exception {
        KafkaBroker.createTopic("overrides-1", 2);
        JdbcSettings db = newDatabase();
        // through the entry points' own path: the options alone choose the Kafka source and the feed
        JobParameters cfg = config(null, db, args("replay", "--kafka.topic", EVENTS, "--kafka.stop", "latest",
                "--overrides.kafka-topic", "overrides-1"));
        TestJobs.runJob(cfg, JobAssembly.of(cfg));

        Map<String, List<Map<String, String>>> kafkaRun = Tables.snapshot(db);
        for (String table : Tables.QUERIES.keySet()) {
            assertThat(kafkaRun.get(table)).as(table).isEqualTo(fileRun.get(table));
        }
        assertFeedHoldsTheHistory("overrides-1", db);
    }

    @Test
    void aFailureAndRecoveryFromACheckpointNeitherSkipsNorRepeatsMessages() throws Exception {
        KafkaBroker.createTopic("overrides-2", 2);
        JdbcSettings db = newDatabase();
        String run = "kafka-recovery";
        // each of the two source subtasks reads about half the messages, 1 ms apart: the first to reach
        // 40% of all fails, some 5 s and many checkpoints in, with part of its share still unread
        FaultyLines<ParseResult> fault = new FaultyLines<>(run, lines.size() * 4 / 10, 1);
        startKafkaJob(db, fault, args("recovery", "--kafka.topic", EVENTS, "--kafka.stop", "latest",
                "--checkpoint.interval", "100ms", "--overrides.kafka-topic", "overrides-2",
                "--overrides.kafka-delivery", "exactly-once", "--overrides.kafka-transactional-id-prefix", "it-recovery"))
                .getJobExecutionResult().get(5, TimeUnit.MINUTES);

        assertThat(FaultyLines.ATTEMPTS.get(run)).as("the job failed and ran again").isEqualTo(1);
        assertThat(FaultyLines.RESTORED.get(run)).as("and restored a checkpoint").isTrue();
        Map<String, List<Map<String, String>>> recovered = Tables.snapshot(db);
        for (String table : Tables.QUERIES.keySet()) {
            assertThat(recovered.get(table)).as(table + " after a failure and recovery").isEqualTo(fileRun.get(table));
        }
        // exactly once: the changes the failed attempt made after its last checkpoint were aborted
        assertFeedHoldsTheHistory("overrides-2", db);
    }

    /**
     * "Event time belongs to the stream", on the Kafka path: three well-formed lines with wrong bar
     * times in the middle of the topic do not move event time, so no good line is late and the episodes,
     * lessons and overrides are the file run's; the three lines are rejected as time_jump, as on the file
     * path, by the clock of the partition they were read from.
     */
    @Test
    void poisonedBarTimesAreRejectedAndChangeNothingElse() throws Exception {
        List<String> poisoned = new ArrayList<>(lines);
        int third = lines.size() / 3;
        String aYearAhead = withBarTs(lines.get(third + 3), Instant.parse(JSON.readTree(lines.get(third + 3)).get("bar_ts").asText())
                .plus(Duration.ofDays(365)).toString(), null);
        String aNewSeries = withBarTs(lines.get(third + 11), "9999-01-01T00:00:00Z", "poison-new");
        String in2099 = withBarTs(lines.get(2 * third), "2099-06-01T00:00:00Z", null);
        poisoned.add(third + 4, aYearAhead);
        poisoned.add(third + 13, aNewSeries);
        poisoned.add(2 * third + 2, in2099);
        KafkaBroker.createTopic("events-poisoned", PARTITIONS);
        KafkaBroker.produce("events-poisoned", poisoned, null);
        for (String p : List.of("1", "2")) {
            JdbcSettings db = newDatabase();
            List<String> a = new ArrayList<>(List.of(args("poisoned-" + p, "--kafka.topic", "events-poisoned", "--kafka.stop", "latest")));
            a.set(a.indexOf("--parallelism") + 1, p);
            JobParameters cfg = config(null, db, a.toArray(new String[0]));
            TestJobs.runJob(cfg, JobAssembly.of(cfg));
            Map<String, List<Map<String, String>>> got = Tables.snapshot(db);
            for (String table : List.of("pattern_episode_events", "learning_lessons", "pm_overrides", "pm_override_history")) {
                assertThat(got.get(table)).as(table + " at p=" + p).isEqualTo(fileRun.get(table));
            }
            assertThat(got.get("ingest_rejects")).as("p=" + p).extracting(r -> r.get("reason")).doesNotContain("late");
            List<Map<String, String>> extra = new ArrayList<>(got.get("ingest_rejects"));
            assertThat(extra.removeAll(fileRun.get("ingest_rejects"))).isTrue();
            // a copy of a known series' tick after it has its seq already, one before it is off its cadence (a decision
            // is not at its tick's bar); a new series alone far ahead is a time jump
            assertThat(extra).as("p=" + p).extracting(r -> r.get("raw") + " -> " + r.get("reason")).containsExactlyInAnyOrder(
                    aYearAhead + " -> " + offItsSeries(aYearAhead, "duplicate_seq"), aNewSeries + " -> time_jump",
                    in2099 + " -> " + offItsSeries(in2099, "off_cadence"));
        }
    }

    private static String offItsSeries(String line, String asATick) {
        return line.contains("\"type\":\"tick\"") ? asATick : "decision_mismatch";
    }

    private static String withBarTs(String line, String barTs, String contract) throws Exception {
        var o = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(line);
        o.put("bar_ts", barTs);
        if (contract != null) ((com.fasterxml.jackson.databind.node.ObjectNode) o.get("series"))
                .put("contract", contract);
        return o.toString();
    }

    /** Every series resuming three days later (an outage upstream) is a real jump: each partition's series confirm it. */
    @Test
    void anEngineWideJumpIsAccepted() throws Exception {
        Instant resume = Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofHours(150));
        List<String> jumped = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("{")) { // the bad line that is not JSON
                jumped.add(line);
                continue;
            }
            var o = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(line);
            if (o.has("bar_ts") && o.has("seq") && !Instant.parse(o.get("bar_ts").asText()).isBefore(resume)) {
                o.put("bar_ts", Instant.parse(o.get("bar_ts").asText()).plus(Duration.ofDays(3)).toString());
                o.put("seq", o.get("seq").asLong() + 72);
                line = o.toString();
            }
            jumped.add(line);
        }
        KafkaBroker.createTopic("events-jumped", PARTITIONS);
        KafkaBroker.produce("events-jumped", jumped, null);
        JdbcSettings db = newDatabase();
        JobParameters cfg = config(null, db, args("jumped", "--kafka.topic", "events-jumped", "--kafka.stop", "latest"));
        TestJobs.runJob(cfg, JobAssembly.of(cfg));
        Map<String, List<Map<String, String>>> got = Tables.snapshot(db);
        assertThat(got.get("ingest_rejects")).extracting(r -> r.get("reason")).doesNotContain("time_jump", "late");
        assertThat(got.get("pattern_episode_events")).anySatisfy(r -> assertThat(r.get("data_gap")).isEqualTo("t"))
                .anySatisfy(r -> assertThat(Instant.parse(r.get("decision_ts").replace(" ", "T").replace("+00", "Z")))
                        .isAfter(resume.plus(Duration.ofDays(3))));
    }

    @Test
    void badMessagesAreRejectedNotLost() throws Exception {
        String topic = "events-bad";
        KafkaBroker.createTopic(topic, 1);
        KafkaBroker.produce(topic, lines.subList(0, 200), null);
        KafkaBroker.produceRaw(topic, null);
        KafkaBroker.produceRaw(topic, "{\"v\":1,\"note\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
        KafkaBroker.produceRaw(topic, "{\"v\":1,\"type\":\"tick\",\"series\":{\"book\":\"x\"}}".getBytes(StandardCharsets.UTF_8));
        JdbcSettings db = newDatabase();
        JobClient job = startKafkaJob(db, passThrough(), args("bad", "--kafka.topic", topic, "--kafka.stop", "latest"));
        job.getJobExecutionResult().get(5, TimeUnit.MINUTES);

        List<Map<String, String>> rejects = query(db, "SELECT reason, detail, raw, series::text AS series FROM ingest_rejects ORDER BY id");
        assertThat(rejects).extracting(r -> r.get("reason")).containsExactlyInAnyOrder("malformed_json", "malformed_json", "missing_field");
        assertThat(rejects).extracting(r -> r.get("detail")).anyMatch(d -> d.contains("no value")).anyMatch(d -> d.startsWith("not UTF-8"));
        assertThat(rejects).filteredOn(r -> "missing_field".equals(r.get("reason"))).singleElement()
                .satisfies(r -> assertThat(r.get("series")).isEqualTo("{\"book\": \"x\"}"));
        assertThat(query(db, "SELECT count(*) AS n FROM pattern_episode_events").get(0).get("n")).isNotEqualTo("0");
        assertThat(CapturingReporter.rejectCounts(job.getJobID().toHexString()))
                .as("counted as bad lines are").isEqualTo(Map.of("rejects", 3L, "malformed_json", 2L, "missing_field", 1L));
    }

    @Test
    void quietPartitionsDoNotHoldEventTimeBack() throws Exception {
        String topic = "events-one-busy";
        KafkaBroker.createTopic(topic, PARTITIONS);
        KafkaBroker.produce(topic, lines, 0); // three partitions stay empty

        JdbcSettings db = newDatabase();
        JobClient job = startKafkaJob(db, passThrough(), args("idle", "--kafka.topic", topic, "--kafka.idle-timeout", "1s"));
        try {
            // unbounded: only event time, moved by partition 0 alone, can resolve episodes and count votes
            String counts = awaitQuietCounts(db, Duration.ofSeconds(3));
            String[] c = counts.split("/");
            assertThat(Long.parseLong(c[1])).as("resolved episodes (%s)", counts).isGreaterThan(100);
            assertThat(Long.parseLong(c[2])).as("lesson votes (%s)", counts).isGreaterThan(0);
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }

        JdbcSettings control = newDatabase();
        JobClient stalled = startKafkaJob(control, passThrough(), args("never-idle", "--kafka.topic", topic, "--kafka.idle-timeout", "0"));
        try {
            Thread.sleep(10_000);
            assertThat(query(control, "SELECT count(*) AS n FROM pattern_episode_events").get(0).get("n"))
                    .as("without idleness the empty partitions hold event time at its start").isEqualTo("0");
        } finally {
            stalled.cancel().get(1, TimeUnit.MINUTES);
        }
    }

    /**
     * The feed's messages, in any order, are the history's rows one for one: same key, version and
     * values. JSON is compared as trees: PostgreSQL's jsonb does not keep the order of keys.
     */
    static void assertFeedHoldsTheHistory(String topic, JdbcSettings db) throws Exception {
        List<List<Object>> fromFeed = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaBroker.readAll(topic)) {
            JsonNode v = JSON.readTree(r.value());
            long decided = Instant.parse(v.get("decided_ts").asText()).toEpochMilli();
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(v.get("pattern_key").asText() + "|" + v.get("scope_subset"));
            fromFeed.add(List.of(v.get("pattern_key").asText(), v.get("action_category").asText(), v.get("scope_subset"),
                    v.get("version").asInt(), v.get("rule").asText(), v.get("ts_min_mult").asDouble(), v.get("halo_mult").asDouble(),
                    v.get("a_value_mult").asDouble(), v.get("previous").get("ts_min_mult").asDouble(),
                    v.get("previous").get("halo_mult").asDouble(), v.get("previous").get("a_value_mult").asDouble(),
                    v.get("evidence_n").asLong(), v.get("trigger_episode_id").asText(), decided, v.get("evidence")));
        }
        List<List<Object>> fromHistory = new ArrayList<>();
        for (Map<String, String> h : query(db, "SELECT pattern_key, action_category, scope_subset::text AS subset, version, rule,"
                + " new_ts_min_mult, new_halo_mult, new_a_value_mult, old_ts_min_mult, old_halo_mult, old_a_value_mult,"
                + " evidence_n, trigger_episode_id, (extract(epoch FROM decided_ts) * 1000)::bigint AS decided,"
                + " evidence::text AS evidence FROM pm_override_history")) {
            fromHistory.add(List.of(h.get("pattern_key"), h.get("action_category"), JSON.readTree(h.get("subset")),
                    Integer.parseInt(h.get("version")), h.get("rule"), Double.parseDouble(h.get("new_ts_min_mult")),
                    Double.parseDouble(h.get("new_halo_mult")), Double.parseDouble(h.get("new_a_value_mult")),
                    Double.parseDouble(h.get("old_ts_min_mult")), Double.parseDouble(h.get("old_halo_mult")),
                    Double.parseDouble(h.get("old_a_value_mult")), Long.parseLong(h.get("evidence_n")),
                    h.get("trigger_episode_id"), Long.parseLong(h.get("decided")), JSON.readTree(h.get("evidence"))));
        }
        assertThat(fromHistory).isNotEmpty();
        assertThat(fromFeed).as("change feed vs pm_override_history").containsExactlyInAnyOrderElementsOf(fromHistory);
    }
}
