package io.pmtuner.job;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.tools.sim.EngineSimulator;
import io.pmtuner.job.testing.FaultyLines;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.job.testing.Tables;

import io.pmtuner.job.db.EmbeddedDatabase;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static io.pmtuner.job.testing.TestJobs.startJob;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database goes away for 35 s while the job writes. The JDBC sink retries its batch
 * ({@code --jdbc.max-retries}), then fails the job, which restarts from its last checkpoint under the
 * exponential-delay restart strategy (1 s to {@code --restart.max-backoff}, no limit) until the server
 * is back, and ends with the tables of a run that saw no outage.
 */
class DatabaseOutageITCase extends PostgresTestBase {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutageITCase.class);
    static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("outage.seconds", 35));
    static final String[] ARGS = {"--checkpoint.interval", "500ms", "--jdbc.max-retries", "2", "--restart.max-backoff", "5s",
            "--judge.min-episodes", "20", "--judge.min-acted", "5", "--judge.min-skipped", "5"};

    @Test
    void theJobOutlastsAThirtyFiveSecondOutage(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("sim.jsonl");
        try (Writer w = Files.newBufferedWriter(input)) {
            EngineSimulator.write(w, 20, 300, 13, Instant.parse("2026-01-01T00:00:00Z"), 3600, 0.35);
        }
        JdbcSettings reference = newDatabase();
        runJob(input, reference, ARGS);
        Map<String, List<Map<String, String>>> expected = Tables.snapshot(reference);

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("pg");
        EmbeddedDatabase pg = EmbeddedDatabase.start(data, port, true);
        JdbcSettings db = pg.admin();
        try {
            // 1 ms a line: about 6 s of input, so the outage starts while the job reads and writes
            JobClient job = startJob(input, db, FaultyLines.throttled("outage", 1), null, ARGS);
            while (query(db, "SELECT 1 FROM pattern_episode_events LIMIT 1").isEmpty()) Thread.sleep(100);
            LOG.info("Stopping PostgreSQL for {} s", OUTAGE.toSeconds());
            pg.close();
            Thread.sleep(OUTAGE.toMillis());
            assertThat(job.getJobStatus().get()).as("still running, not failed for good").matches(s -> !s.isGloballyTerminalState());
            LOG.info("Starting PostgreSQL again");
            pg = EmbeddedDatabase.start(data, port, true);
            long t0 = System.nanoTime();
            job.getJobExecutionResult().get(Long.getLong("outage.wait.seconds", 300), TimeUnit.SECONDS);
            LOG.info("Job finished {} s after the database came back", (System.nanoTime() - t0) / 1_000_000_000);

            assertThat(FaultyLines.ATTEMPTS.get("outage")).as("restarts during the outage").isGreaterThanOrEqualTo(1);
            Map<String, List<Map<String, String>>> after = Tables.snapshot(db);
            for (String table : Tables.QUERIES.keySet()) assertThat(after.get(table)).as(table).isEqualTo(expected.get(table));
        } finally {
            pg.close();
        }
    }
}
