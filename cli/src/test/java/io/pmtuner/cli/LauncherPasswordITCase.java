package io.pmtuner.cli;

import io.pmtuner.job.config.JobConfig;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.tools.sim.EngineSimulator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static org.assertj.core.api.Assertions.assertThat;

/** The local launcher takes the password from the environment only: not on its command line, not in its output. */
class LauncherPasswordITCase extends PostgresTestBase {
    static Path input;

    @BeforeAll
    static void input(@TempDir Path dir) throws Exception {
        input = dir.resolve("sim.jsonl");
        try (Writer w = Files.newBufferedWriter(input)) {
            EngineSimulator.write(w, 10, 300, 9, Instant.parse("2026-01-01T00:00:00Z"), 3600, 0.4);
        }
    }

    @Test
    void theLocalLauncherKeepsThePasswordOffItsCommandLineAndOutput() throws Exception {
        Path jar = Path.of("target/pm-tuner-local.jar");
        assertThat(jar).as("packaged before the integration tests").exists();
        String secret = "pw-" + UUID.randomUUID();
        JdbcSettings db = newDatabase();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--input", input.toString(), "--jdbc-url", db.url, "--jdbc-user", db.user, "--rest-port", "0"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put(JobConfig.PASSWORD_ENV, secret);
        Process p = pb.start();
        String cmdline = Files.exists(Path.of("/proc", String.valueOf(p.pid()), "cmdline"))
                ? Files.readString(Path.of("/proc", String.valueOf(p.pid()), "cmdline")).replace('\0', ' ')
                : String.join(" ", p.info().arguments().orElse(new String[0]));
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(cmdline).contains("pm-tuner-local.jar").doesNotContain(secret);
        assertThat(output).contains("Episodes").doesNotContain(secret);
    }
}
