package io.pmtuner.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark at a tiny size, so that it keeps working: every section is measured and written, and
 * the continuous miner's lessons equal a SQL recount of the same episodes (the peer check). The figures
 * themselves are not asserted: they are the README's, from a full run.
 */
class BenchmarkITCase {
    @Test
    void runsEverySectionAndTheMinerAgreesWithTheSqlRecount(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("results.json");
        int code = new CommandLine(new Benchmark()).execute("--series", "200", "--events", "6000", "--parallelism", "1",
                "--rocksdb-series", "200", "--partitioned-series", "200", "--rocksdb-events", "30000", "--disk-checkpoint-seconds", "1", "--repeats", "2", "--warm-up-runs", "1",
                "--latency-rate", "5000", "--latency-seconds", "2", "--latency-series", "100", "--latency-backends", "hashmap,rocksdb",
                "--data-dir", dir.resolve("data").toString(), "--out", out.toString());
        assertThat(code).isZero();

        JsonNode r = new ObjectMapper().readTree(out.toFile());
        // one reader on the heap and on RocksDB, and the same input in partitions (as many as the parallelism, 1)
        assertThat(r.get("replay")).hasSize(3);
        assertThat(r.get("replay").findValuesAsText("input")).containsExactly("one reader", "partitions x1", "one reader");
        for (JsonNode row : r.get("replay")) {
            assertThat(row.get("job_events_per_s").asLong()).isPositive();
            assertThat(row.get("ceiling_events_per_s").asLong()).isPositive();
            boolean rocksdb = row.get("backend").asText().equals("rocksdb");
            // RocksDB rows run once, on an input of their own (about --rocksdb-events)
            assertThat(row.get("events").asLong()).isBetween(rocksdb ? 30000L : 6000L, rocksdb ? 31000L : 7000L);
            // RocksDB's run (long enough for its source to stay up) takes incremental checkpoints, and says what they wrote
            assertThat(row.has("checkpoints")).isEqualTo(rocksdb);
            if (rocksdb) {
                JsonNode c = row.get("checkpoints");
                assertThat(c.get("completed").asLong()).isPositive();
                assertThat(c.get("incremental").asBoolean()).isTrue();
                assertThat(c.get("incremental_bytes_max").asLong()).isPositive();
                assertThat(c.get("full_bytes_last").asLong()).isPositive();
            }
            int runs = rocksdb ? 1 : 2;
            assertThat(row.get("job_runs")).as("one figure per run").hasSize(runs);
            assertThat(row.get("ceiling_runs")).hasSize(runs);
            assertThat(row.get("job_without_db_events_per_s").asLong()).as("one diagnostic run without the database").isPositive();
            // the process CPU less an empty run's is reported; at this size the JIT and GC can outweigh the work (it is then 0)
            assertThat(row.has("job_cpu_us_per_event") && row.has("ceiling_cpu_us_per_event")).isTrue();
            // the embedded PostgreSQL's CPU, apart: the job's writes cost it something
            assertThat(row.get("postgres_cpu_us_per_event").asDouble()).isPositive();
            // the job's CPU by task: the sequencer among them, the busiest thread no more than its task's total
            JsonNode tasks = row.get("task_cpu_us_per_event");
            assertThat(tasks.fieldNames()).toIterable().anyMatch(t -> t.startsWith("transitions"));
            double taskTotal = 0;
            for (JsonNode t : tasks) taskTotal += t.asDouble();
            assertThat(taskTotal).as("the job's work shows in its task threads").isPositive();
            String busiest = row.get("busiest_thread").asText();
            assertThat(row.get("busiest_thread_cpu_us_per_event").asDouble()).isPositive()
                    .isLessThanOrEqualTo(tasks.get(busiest).asDouble() + 0.01);
            // the first job run's profile summary: sampled stacks, shares of them, the collector
            JsonNode profile = row.get("cpu_profile");
            assertThat(profile.get("samples").asLong()).isPositive();
            assertThat(profile.get("top_methods_percent").size()).isBetween(1, 8);
            double shares = 0;
            for (JsonNode share : profile.get("top_methods_percent")) shares += share.asDouble();
            assertThat(shares).as("shares of the samples").isPositive().isLessThanOrEqualTo(100.1);
            assertThat(profile.get("top_own_methods_percent").fieldNames()).toIterable().hasSizeLessThanOrEqualTo(8);
            assertThat(profile.get("gc_pause_ms").asLong()).isNotNegative();
        }
        // one live run per backend asked for
        assertThat(r.get("latency").findValuesAsText("backend")).containsExactly("hashmap", "rocksdb");
        for (JsonNode live : r.get("latency")) {
            assertThat(live.get("episodes_resolved").asLong()).isPositive();
            assertThat(live.get("episode_ms_p99").asLong()).isPositive();
            assertThat(live.get("state_bytes_per_series").asLong()).isPositive();
        }
        JsonNode peer = r.get("peer_sql_recount");
        assertThat(peer.get("subsets").asInt()).isGreaterThan(10);
        assertThat(peer.get("equal").asBoolean()).as("miner vs SQL GROUP BY: %s", peer).isTrue();
    }
}
