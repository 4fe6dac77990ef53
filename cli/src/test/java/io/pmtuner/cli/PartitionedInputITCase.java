package io.pmtuner.cli;

import io.pmtuner.job.config.JobParameters;
import io.pmtuner.job.JobAssembly;
import io.pmtuner.job.ParallelismITCase;
import io.pmtuner.job.PmTunerJob;
import io.pmtuner.job.config.JobConfig;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.sinks.PipelineSinks;
import io.pmtuner.job.testing.FaultyLines;
import io.pmtuner.job.testing.Lines;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.job.testing.Tables;
import io.pmtuner.tools.sim.EngineSimulator;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static io.pmtuner.job.testing.TestJobs.drop;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static io.pmtuner.job.testing.Lines.failing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * --input.partitioned: the same events laid out by series hash in partition directories (each split
 * over two files, read in path order) give the single reader's tables at parallelism 1 and 2, and each
 * partition is read, parsed and watermarked by a chain of its own; a failure and a restore from a
 * checkpoint change nothing.
 */
class PartitionedInputITCase extends PostgresTestBase {
    static final int PARTITIONS = 3;

    static Map<String, List<Map<String, String>>> reference;
    static Path partitioned;
    static Path single;
    static long lineCount;

    @BeforeAll
    static void referenceRun(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(EngineSimulator.lines(30, 400, 7, Instant.parse("2026-01-01T00:00:00Z"), 3600, 0.35));
        lines.add(lines.size() / 3, "not json at all");
        single = Files.write(dir.resolve("all.jsonl"), lines);
        lineCount = lines.size();
        partitioned = byPartition(lines, dir);
        reference = tables(single, "1");
        assertThat(reference.get("pattern_episode_events")).as("a run with episodes to compare").hasSizeGreaterThan(50);
    }

    /** The input as two files in a directory, laid out by {@link PartitionLayout}: each partition then holds two files too. */
    static Path byPartition(List<String> lines, Path dir) throws Exception {
        Path flat = Files.createDirectories(dir.resolve("flat"));
        Files.write(flat.resolve("1-first.jsonl"), lines.subList(0, lines.size() / 2));
        Files.write(flat.resolve("2-second.jsonl"), lines.subList(lines.size() / 2, lines.size()));
        Path out = dir.resolve("partitioned");
        assertThat(PartitionLayout.write(flat, out, PARTITIONS)).isEqualTo(lines.size());
        for (int p = 0; p < PARTITIONS; p++) {
            try (var files = Files.list(out.resolve("p" + p))) {
                assertThat(files).as("partition p%d has series in both files", p).hasSize(2);
            }
        }
        return out;
    }

    static Map<String, List<Map<String, String>>> tables(Path in, String parallelism, String... more) throws Exception {
        return ParallelismITCase.tables(in, parallelism, more);
    }

    @Test
    void partitionsGiveTheSingleReadersTablesAtParallelism1() throws Exception {
        assertThat(tables(partitioned, "1", "--input.partitioned")).isEqualTo(reference);
    }

    @Test
    void partitionsGiveTheSingleReadersTablesAtParallelism2() throws Exception {
        assertThat(tables(partitioned, "2", "--input.partitioned")).isEqualTo(reference);
    }

    @Test
    void aFailureAndRecoveryFromACheckpointChangeNothing() throws Exception {
        // each partition's tap fails once, in the first attempt, halfway through its lines; checkpoints every 100 ms
        String run = "partitioned-recovery";
        JdbcSettings db = newDatabase();
        List<String> args = new ArrayList<>(List.of("--input.partitioned", "--parallelism", "2", "--checkpoint.interval", "100ms"));
        args.addAll(List.of(ParallelismITCase.JUDGE));
        runJob(partitioned, db, new FaultyLines<>(run, lineCount / PARTITIONS / 2, 3), args.toArray(new String[0]));
        assertThat(FaultyLines.ATTEMPTS.get(run)).as("the job failed and ran again").isEqualTo(1);
        assertThat(FaultyLines.RESTORED.get(run)).as("and restored a checkpoint").isTrue();
        assertThat(Tables.snapshot(db)).isEqualTo(reference);
    }

    @Test
    void theTablesOfAPartitionedRunRefuseARunWithOneReader() throws Exception {
        JdbcSettings db = newDatabase();
        runJob(partitioned, db, "--input.partitioned");
        assertThatThrownBy(() -> runJob(single, db)).hasMessageContaining("--input.partitioned true (this run: false)");
    }

    @Test
    void theSameLayoutReadAsOneStreamIsNotTheSame() throws Exception {
        // one reader in path order: p1 and p2 start over in time after p0 ended, so their lines are late
        Map<String, List<Map<String, String>>> oneStream = tables(partitioned, "1");
        assertThat(oneStream.get("ingest_rejects")).filteredOn(r -> "late".equals(r.get("reason"))).hasSizeGreaterThan(1000);
        assertThat(oneStream).isNotEqualTo(reference);
    }

    @Test
    void followingPartitionsAPartitionThatReceivesNothingHoldsEventTimeBack(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path p0 = Files.createDirectories(in.resolve("p0"));
        Path p1 = Files.createDirectories(in.resolve("p1"));
        Lines a = new Lines("in-p0").tick("S0").tick("S1", failing("ts")).tick("S0");
        Lines b = new Lines("in-p0-too").tick("S0").tick("S0").tick("S0");
        Lines c = new Lines("in-p1").tick("S0");
        Files.write(p0.resolve("1.jsonl"), Lines.merge(a, b));
        Files.write(p1.resolve("1.jsonl"), Lines.merge(c));

        JdbcSettings db = newDatabase();
        JobParameters cfg = JobConfig.parse("--input", in.toString(), "--input.partitioned", "--follow", "--input.monitor-interval", "200ms",
                "--ingest.allowed-lateness", "0s", "--parallelism", "2", "--jdbc-url", db.url, "--jdbc-user", db.user).parameters();
        JobClient job = JobAssembly.of(cfg).start(StreamExecutionEnvironment.getExecutionEnvironment(JobAssembly.baseConfiguration(cfg.run())));
        try {
            // p0's series move a bar on, past a's S1 window; p1 stays at its first bar, so the job's event time stays there too
            drop(p0, "2.jsonl", List.of(a.tick("S0").lines().get(3).json(), b.tick("S0").lines().get(3).json()));
            Thread.sleep(3000);
            assertThat(query(db, "SELECT episode_id FROM pattern_episode_events")).as("nothing released while p1 is behind").isEmpty();
            // p1 catches up: the S1 window of p0's series closes and is written
            drop(p1, "2.jsonl", List.of(c.gap(10).tick("S0").lines().get(1).json()));
            List<Map<String, String>> rows = awaitRows(db, Duration.ofSeconds(60));
            assertThat(rows).extracting(r -> r.get("episode_id")).containsExactly(a.episodeId("pm.s1_entry", 2));
        } finally {
            job.cancel().get();
        }
    }

    private static List<Map<String, String>> awaitRows(JdbcSettings db, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Map<String, String>> rows = query(db, "SELECT episode_id FROM pattern_episode_events");
            if (!rows.isEmpty() || System.nanoTime() > deadline) return rows;
            Thread.sleep(200);
        }
    }

    @Test
    void eachPartitionIsReadParsedAndWatermarkedByAChainOfItsOwn() {
        JobParameters cfg = JobConfig.parse("--input", partitioned.toString(), "--input.partitioned", "--parallelism", "2").parameters();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobAssembly.of(cfg).sinks(PipelineSinks.discarding()).onto(env);
        List<String> readers = new ArrayList<>();
        for (JobVertex v : env.getStreamGraph().getJobGraph().getVertices()) {
            if (v.getName().contains("input@")) readers.add(v.getName() + " x" + v.getParallelism());
        }
        assertThat(readers).containsExactlyInAnyOrder(
                "Source: input@p0 -> parse@p0 -> watermarks@p0 x1",
                "Source: input@p1 -> parse@p1 -> watermarks@p1 x1",
                "Source: input@p2 -> parse@p2 -> watermarks@p2 x1");
    }

    @Test
    void aLayoutThatIsNotPartitionsIsRefusedWithOneLine(@TempDir Path dir) throws Exception {
        Path loose = Files.createDirectories(dir.resolve("loose"));
        Files.createDirectories(loose.resolve("p0"));
        Files.writeString(loose.resolve("stray.jsonl"), "{}\n");
        assertThatThrownBy(() -> assemble(loose)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stray.jsonl is a file in --input itself");
        Path flat = Files.createDirectories(dir.resolve("flat"));
        Files.writeString(flat.resolve(".hidden"), "{}\n");
        assertThatThrownBy(() -> assemble(flat)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds no partition directory");
        Path file = Files.writeString(dir.resolve("one.jsonl"), "{}\n");
        assertThatThrownBy(() -> assemble(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a directory");
    }

    private static void assemble(Path input) {
        JobParameters cfg = JobConfig.parse("--input", input.toString(), "--input.partitioned", "--input.allow-empty").parameters();
        JobAssembly.of(cfg).sinks(PipelineSinks.discarding()).onto(StreamExecutionEnvironment.getExecutionEnvironment());
    }
}
