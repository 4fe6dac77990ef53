package io.pmtuner.cli;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.testing.PostgresTestBase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A local run checkpoints to files under its data directory. Flink's default would keep checkpoints in
 * the JobManager's memory, which refuses an operator's state over 5 MB: a local --follow or Kafka run
 * of some thousand series would then fail every checkpoint (the benchmark's million-series run did).
 */
class LocalCheckpointsITCase extends PostgresTestBase {
    @Test
    void aLocalRunCheckpointsToFilesUnderItsDataDirectory(@TempDir Path dir) throws Exception {
        Path sample = dir.resolve("sample.jsonl");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("sample/sample.jsonl")) {
            Files.copy(in, sample);
        }
        JdbcSettings db = newDatabase();
        Path data = dir.resolve("data");
        Path jar = Path.of("target/pm-tuner-local.jar");
        assertThat(jar).as("packaged before the integration tests").exists();
        // its own process: the launcher makes a local environment, which a MiniCluster test context refuses
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "--input", sample.toString(), "--jdbc-url", db.url, "--jdbc-user", db.user, "--data-dir", data.toString(),
                "--checkpoint.interval", "100ms", "--rest-port", "0").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        try (Stream<Path> jobs = Files.list(data.resolve("checkpoints"))) {
            assertThat(jobs.filter(Files::isDirectory)).as("a directory of the job's checkpoints").hasSize(1);
        }
    }
}
