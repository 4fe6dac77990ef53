package io.pmtuner.job;

import io.pmtuner.job.config.JobParameters;
import io.pmtuner.job.config.JobConfig;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.testing.Lines;
import io.pmtuner.job.testing.PostgresTestBase;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static io.pmtuner.job.testing.TestJobs.drop;
import static io.pmtuner.job.testing.Lines.failing;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code --follow}: files dropped into the watched directory later are picked up while the job runs. */
class FollowITCase extends PostgresTestBase {
    @Test
    void picksUpFilesDroppedWhileRunning(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Lines a = new Lines("follow").tick("S0").tick("S1", failing("ts")).tick("S0");
        Lines b = new Lines("follow-too").tick("S0").tick("S0").tick("S0");
        Files.write(in.resolve("part-1.jsonl"), Lines.merge(a, b));

        JdbcSettings db = newDatabase();
        JobParameters cfg = JobConfig.parse("--input", in.toString(), "--follow", "--input.monitor-interval", "200ms",
                "--ingest.allowed-lateness", "0s", "--jdbc-url", db.url, "--jdbc-user", db.user).parameters();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(JobAssembly.baseConfiguration(cfg.run()));
        JobClient job = JobAssembly.of(cfg).start(env);
        try {
            // the last tick of part 1 waits for a later bar of both series to pass the watermark: part 2 brings it
            a.tick("S0");
            b.tick("S0");
            drop(in, "part-2.jsonl", List.of(a.lines().get(3).json(), b.lines().get(3).json()));
            List<Map<String, String>> rows = awaitRows(db, 1, Duration.ofSeconds(60));
            assertThat(rows).extracting(r -> r.get("episode_id")).contains(a.episodeId("pm.s1_entry", 2));
            assertThat(job.getJobStatus().get().isTerminalState()).isFalse();
        } finally {
            job.cancel().get();
        }
    }

    private static List<Map<String, String>> awaitRows(JdbcSettings db, int n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Map<String, String>> rows = query(db, "SELECT episode_id, outcome FROM pattern_episode_events");
            if (rows.size() >= n || System.nanoTime() > deadline) return rows;
            Thread.sleep(200);
        }
    }
}
