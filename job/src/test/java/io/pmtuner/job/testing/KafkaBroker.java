package io.pmtuner.job.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * A real Kafka broker for the tests: one KRaft node (broker and controller combined) inside the test
 * JVM, on loopback, started on first use and stopped by {@link #stop()}. Kafka's own test kit formats its
 * storage and starts it from the Maven artifacts, so a fresh machine needs nothing installed.
 */
public final class KafkaBroker {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaClusterTestKit cluster;

    private KafkaBroker() {}

    public static synchronized String bootstrapServers() throws Exception {
        if (cluster == null) {
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    // one node: internal topics with one replica, and no wait before the first rebalance
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "4")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "4")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            cluster = kit;
            warmUp();
        }
        return cluster.bootstrapServers();
    }

    /**
     * Creates and loads the group coordinator's topic before any job runs, so that the first jobs'
     * offset commits do not meet a coordinator that is still loading (NOT_COORDINATOR warnings).
     */
    private static void warmUp() throws Exception {
        createTopic("warm-up", 1);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("warm-up", new byte[] {1})).get();
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "warm-up");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("warm-up"));
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (consumer.poll(Duration.ofMillis(200)).isEmpty()) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("the test broker did not deliver its warm-up message");
            }
            consumer.commitSync();
        }
    }

    private static boolean hasLeaders(Admin admin, String topic) throws Exception {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) return false; // not in the metadata yet
            throw e;
        }
    }

    /** Stops the broker (before the JVM exits: a broker still running then delays the exit past the fork's timeout). */
    public static synchronized void stop() throws Exception {
        if (cluster != null) {
            long t0 = System.nanoTime();
            cluster.close();
            cluster = null;
            System.err.printf("Kafka test broker stopped in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * Creates a topic and waits until every partition has a leader: a producer that writes before then
     * gets NOT_LEADER_OR_FOLLOWER and, when idempotent, can then retry on OUT_OF_ORDER_SEQUENCE_NUMBER
     * for its whole delivery timeout (measured: 2 minutes).
     */
    public static void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!hasLeaders(admin, name)) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("topic " + name + " has no leaders after 30 s");
                Thread.sleep(50);
            }
        }
    }

    /**
     * Sends the lines in order, as the engine would: key = the series (its JSON), so a series stays in
     * one partition and in order; a line without a readable series has no key. With {@code partition}
     * not null, every line goes to that partition.
     */
    public static void produce(String topic, List<String> lines, Integer partition) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"); // keeps the order per partition through retries
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (String line : lines) producer.send(new ProducerRecord<>(topic, partition, seriesOf(line), line));
            producer.flush();
        }
    }

    /** One message of raw bytes (null = a tombstone), without a key. */
    public static void produceRaw(String topic, byte[] value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, value)).get();
        }
    }

    private static String seriesOf(String line) {
        try {
            JsonNode series = JSON.readTree(line).get("series");
            return series != null && series.isObject() ? series.toString() : null;
        } catch (Exception notJson) {
            return null;
        }
    }

    /** Every message of {@code topic} that a read_committed consumer sees, partition by partition. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Set<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).collect(Collectors.toSet());
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) throw new AssertionError("could not read " + topic + " to its end " + end);
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
