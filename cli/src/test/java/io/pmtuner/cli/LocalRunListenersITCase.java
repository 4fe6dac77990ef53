package io.pmtuner.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local run on a shared machine: two at once both finish (each on its own free REST port, which it
 * prints), and every socket it listens on, its embedded PostgreSQL's included, is on loopback.
 */
class LocalRunListenersITCase {
    private static final Pattern REST = Pattern.compile("Flink REST API and web UI while the job runs: http://127\\.0\\.0\\.1:(\\d+)");
    private static final Path JAR = Path.of("target/pm-tuner-local.jar");

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Process launch(Path dataDir, String... more) throws IOException {
        return launch(dataDir, freePort(), more);
    }

    private static Process launch(Path dataDir, int pgPort, String... more) throws IOException {
        assertThat(JAR).as("packaged before the integration tests").exists();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(),
                "--data-dir", dataDir.toString(), "--pg-port", Integer.toString(pgPort)));
        cmd.addAll(List.of(more));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static CompletableFuture<String> output(Process p) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void twoLocalRunsAtOnceBothFinishEachOnItsOwnRestPort(@TempDir Path dir) throws Exception {
        Process a = launch(dir.resolve("a"));
        Process b = launch(dir.resolve("b"));
        CompletableFuture<String> outA = output(a);
        CompletableFuture<String> outB = output(b);
        assertThat(a.waitFor(4, TimeUnit.MINUTES) && b.waitFor(4, TimeUnit.MINUTES)).isTrue();
        assertThat(a.exitValue()).as(outA.get()).isZero();
        assertThat(b.exitValue()).as(outB.get()).isZero();
        Matcher ma = REST.matcher(outA.get());
        Matcher mb = REST.matcher(outB.get());
        assertThat(ma.find()).as(outA.get()).isTrue();
        assertThat(mb.find()).as(outB.get()).isTrue();
        assertThat(ma.group(1)).isNotEqualTo(mb.group(1));
    }

    @Test
    void everyListeningSocketOfALocalRunIsOnLoopback(@TempDir Path dir) throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));
        try (var sample = LocalRunListenersITCase.class.getResourceAsStream("/sample/sample.jsonl")) {
            Files.copy(sample, input.resolve("part-1.jsonl"));
        }
        int pgPort = freePort();
        Process p = launch(dir.resolve("data"), pgPort, "--input", input.toString(), "--follow", "--input.monitor-interval", "200ms");
        StringBuilder seen = new StringBuilder();
        try {
            // wait until the job runs: its REST API lists it as RUNNING
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String port = null;
            for (String line; port == null && (line = lines.readLine()) != null; ) {
                seen.append(line).append('\n');
                Matcher m = REST.matcher(line);
                if (m.find()) port = m.group(1);
            }
            assertThat(port).as(seen.toString()).isNotNull();
            CompletableFuture.runAsync(() -> lines.lines().forEach(l -> { })); // keep draining
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            boolean running = false;
            while (!running && System.nanoTime() < deadline) {
                try {
                    String jobs = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jobs/overview")).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    running = jobs.contains("\"state\":\"RUNNING\"");
                } catch (IOException e) {
                    // not up yet
                }
                if (!running) Thread.sleep(500);
            }
            assertThat(running).as("the job runs").isTrue();

            List<ListeningSockets.Socket> listening = new ArrayList<>(ListeningSockets.of(Stream.concat(Stream.of(p.toHandle()), p.toHandle().descendants()).toList()));
            // the embedded PostgreSQL daemonises: found by its port
            List<ListeningSockets.Socket> postgres = ListeningSockets.onPort(pgPort);
            assertThat(postgres).as("the embedded PostgreSQL listens").isNotEmpty();
            listening.addAll(postgres);
            // REST, the BLOB server, the embedded PostgreSQL at least: a test that found nothing proves nothing
            assertThat(listening).as("sockets the run listens on").hasSizeGreaterThanOrEqualTo(3);
            assertThat(listening).allSatisfy(s -> assertThat(s.loopback()).as(s.toString()).isTrue());
            Set<Integer> ports = new HashSet<>();
            listening.forEach(s -> ports.add(s.port()));
            assertThat(ports).contains(Integer.parseInt(port));
        } finally {
            p.toHandle().descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }
}
