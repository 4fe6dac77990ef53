package io.pmtuner.job;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.tools.sim.EngineSimulator;
import io.pmtuner.job.testing.ClusterLogs;
import io.pmtuner.job.testing.FaultyLines;
import io.pmtuner.job.testing.KafkaBroker;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.job.testing.Tables;

import org.apache.flink.core.execution.JobClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static io.pmtuner.job.testing.TestJobs.awaitQuiet;
import static io.pmtuner.job.testing.TestJobs.awaitQuietCounts;
import static io.pmtuner.job.testing.TestJobs.drop;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static io.pmtuner.job.testing.TestJobs.startJob;
import static io.pmtuner.job.testing.TestJobs.writeInput;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job on a real multi-process cluster, operated with {@code deploy/pmtuner} as the README tells
 * an operator to: a JobManager and two TaskManagers started from Maven's Flink jars; the job submitted
 * with {@code --follow} on a directory that receives the input in three parts; a savepoint, a cancel and
 * a resume from the savepoint; a TaskManager killed with SIGKILL while a part is being read, and the job
 * recovering on the other; a stop with savepoint at the end. The tables must equal those of a local run
 * of the same input. Prints the start-up and recovery times. And a bounded Kafka replay with the
 * change feed, submitted the same way.
 */
class ClusterITCase extends PostgresTestBase {
    static final Path SCRIPT = Path.of("../deploy/pmtuner").toAbsolutePath();
    static final Path HOME = Path.of("target/pmtuner-cluster").toAbsolutePath();
    static final Duration QUIET = Duration.ofSeconds(5);
    /** Longest a {@code deploy/pmtuner} command may take (a first start copies the Flink jars, or resolves them without a build). */
    static final Duration COMMAND_LIMIT = Duration.ofMinutes(4);
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** A failure here is only readable with the cluster's side of the story: print the end of its logs. */
    @RegisterExtension
    final TestWatcher printClusterLogsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            ClusterLogs.printTails(HOME.resolve("log"), 80);
        }
    };

    /** A database password planted in every process's environment: no log, output or command line may show it. */
    static final String PLANTED = "pw-" + java.util.UUID.randomUUID();
    /** What every deploy/pmtuner command printed. */
    final StringBuilder outputs = new StringBuilder();

    int restPort;
    int rpcPort;
    /** First of five consecutive free ports, for the processes' Prometheus metrics. */
    int metricsPort;
    /** Everything the last scrape read, kept in target/ for whoever writes a dashboard query. */
    final StringBuilder scrapes = new StringBuilder();

    @AfterEach
    void stopCluster() throws Exception {
        pmtuner("stop");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Runs {@code deploy/pmtuner} with the arguments; fails with its output unless it exits 0 within
     * {@link #COMMAND_LIMIT}. The output goes to a file, not a pipe: a process the script leaves running
     * must not keep the test waiting for the end of its output.
     */
    String pmtuner(String... args) throws Exception {
        Command c = command(args);
        assertThat(c.exit).as("deploy/pmtuner %s:%n%s", String.join(" ", args), c.output).isZero();
        return c.output;
    }

    record Command(int exit, String output) {}

    /** Runs {@code deploy/pmtuner} with the arguments, within {@link #COMMAND_LIMIT}, and returns its exit status and output. */
    Command command(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("pmtuner-", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("PMTUNER_CLUSTER_HOME", HOME.toString());
        pb.environment().put("PMTUNER_JAR", Path.of("target/pm-tuner.jar").toAbsolutePath().toString());
        pb.environment().put("PMTUNER_REST_PORT", String.valueOf(restPort));
        pb.environment().put("PMTUNER_RPC_PORT", String.valueOf(rpcPort));
        if (metricsPort > 0) pb.environment().put("PMTUNER_METRICS_PORTS", metricsPort + "-" + (metricsPort + 4));
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("PMTUNER_JDBC_PASSWORD", PLANTED); // the embedded PostgreSQL trusts local connections: it is carried, never needed
        long t0 = System.nanoTime();
        Process p = pb.start();
        boolean exited = p.waitFor(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS);
        if (!exited) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.readString(out);
        Files.delete(out);
        outputs.append(text);
        assertThat(exited).as("deploy/pmtuner %s did not end within %s:%n%s", args[0], COMMAND_LIMIT, text).isTrue();
        progress("deploy/pmtuner %s: %.1f s", args[0], (System.nanoTime() - t0) / 1e9);
        return new Command(p.exitValue(), text);
    }

    /** Free ports for this test's cluster: REST, RPC, and five in a row for the metrics. */
    void choosePorts() throws IOException {
        restPort = freePort();
        rpcPort = freePort();
        metricsPort = freePorts(5);
    }

    /** The first of {@code n} consecutive ports that are free now. */
    static int freePorts(int n) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20_000 + new java.util.Random().nextInt(30_000);
            boolean free = true;
            for (int p = base; p < base + n && free; p++) {
                try (ServerSocket s = new ServerSocket(p)) {
                    // free
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) return base;
        }
        throw new IOException("no " + n + " consecutive free ports");
    }

    /**
     * Scrapes every process's Prometheus endpoint on loopback and returns the lines of the job's own
     * metrics; checks that none answers on another address of this machine.
     */
    /** Scrapes until a line starting with {@code prefix} shows with a value read from the database (not -1), for at most a minute. */
    void awaitScraped(String prefix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            scrapeJobMetrics();
            if (scrapes.toString().lines().anyMatch(l -> l.startsWith(prefix) && !l.endsWith(" -1.0"))) return;
            Thread.sleep(2000);
        }
        throw new AssertionError("no " + prefix + " with a value in a minute of scrapes");
    }

    List<String> scrapeJobMetrics() throws Exception {
        List<String> lines = new ArrayList<>();
        scrapes.setLength(0);
        int answered = 0;
        for (int port = metricsPort; port < metricsPort + 5; port++) {
            HttpResponse<String> r;
            try {
                r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException nobodyThere) {
                continue;
            }
            answered++;
            assertThat(r.statusCode()).isEqualTo(200);
            scrapes.append(r.body());
            r.body().lines().filter(l -> l.matches("^flink_taskmanager_job_task_operator_(episodesClosed|rejects|overrideChanges)\\{.*")).forEach(lines::add);
            for (java.net.InetAddress other : nonLoopbackAddresses()) {
                try (java.net.Socket probe = new java.net.Socket()) {
                    probe.connect(new java.net.InetSocketAddress(other, port), 2000);
                    throw new AssertionError("metrics port " + port + " answers on " + other + ", not only on loopback");
                } catch (IOException refused) {
                    // as it should
                }
            }
        }
        assertThat(answered).as("processes serving metrics (a JobManager and two TaskManagers)").isEqualTo(3);
        Files.writeString(Path.of("target/prometheus-scrape.txt"), scrapes);
        return lines;
    }

    static List<java.net.InetAddress> nonLoopbackAddresses() throws IOException {
        List<java.net.InetAddress> out = new ArrayList<>();
        for (java.net.NetworkInterface i : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (!i.isUp() || i.isLoopback()) continue;
            for (java.net.InetAddress a : java.util.Collections.list(i.getInetAddresses())) {
                if (a instanceof java.net.Inet4Address) out.add(a);
            }
        }
        return out;
    }

    /** The planted password is in no log of the cluster (client, JobManager, TaskManagers) and in no command's output. */
    void assertNoPlantedSecret() throws IOException {
        int files = 0;
        try (java.util.stream.Stream<Path> logs = Files.walk(HOME.resolve("log"))) {
            for (Path f : logs.filter(Files::isRegularFile).toList()) {
                files++;
                assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(PLANTED);
            }
        }
        assertThat(files).as("log files searched").isGreaterThanOrEqualTo(3);
        assertThat(outputs.toString()).doesNotContain(PLANTED);
        progress("planted password: in none of %d log files nor the commands' output", files);
    }

    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** A line with the time on the test's output, so that a CI log shows how far a run got. */
    static void progress(String format, Object... args) {
        System.out.printf("%s ClusterITCase: %s%n", LocalTime.now().format(CLOCK), String.format(format, args));
    }

    static String match(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in:%n%s", regex, text).isTrue();
        return m.group(1);
    }

    JsonNode rest(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return path.equals("/") ? JSON.getNodeFactory().textNode(r.body()) : JSON.readTree(r.body());
    }

    /** A mistake on submit is one line from the job's own check and a non-zero exit; Flink's stack trace goes to a file. */
    @Test
    void aMistakeOnSubmitIsOneLine() throws Exception {
        choosePorts();
        Command c = command("submit", "--input", "/nonexistent", "--jdbc-url", "jdbc:postgresql://localhost:1/x", "--parallelism", "0");
        assertThat(c.exit).isNotZero();
        assertThat(c.output.strip().lines().toList()).as(c.output).hasSize(1);
        assertThat(c.output).startsWith("pmtuner: --parallelism must be at least 1").contains("last-submit.out");
        assertThat(Files.readString(HOME.resolve("log/last-submit.out"))).contains("ParameterException");
    }

    @Test
    void submitSavepointResumeSurviveALostTaskManagerAndMatchALocalRun(@TempDir Path dir) throws Exception {
        choosePorts();
        List<String> all = EngineSimulator.lines(20, 450, 31, Instant.parse("2026-01-01T00:00:00Z"), 3600, 0.35);
        int third = all.size() / 3; // bar-major output: near a bar boundary (a bar split between parts is fine)
        List<List<String>> parts = List.of(all.subList(0, third), all.subList(third, 2 * third), all.subList(2 * third, all.size()));

        // the local run: the whole input at once, on the MiniCluster
        Path localIn = Files.createDirectories(dir.resolve("local"));
        for (int i = 0; i < 3; i++) Files.write(localIn.resolve("part-" + (i + 1) + ".jsonl"), parts.get(i));
        JdbcSettings localDb = newDatabase();
        JobClient local = startJob(localIn, localDb, FaultyLines.throttled("cluster-reference", 0), null, jobArgs(localIn, localDb, false));
        Map<String, List<Map<String, String>>> expected = awaitQuiet(localDb, QUIET);
        local.cancel().get(1, TimeUnit.MINUTES);
        progress("reference run on the MiniCluster: %d episodes", expected.get("pattern_episode_events").size());

        // the cluster
        long t0 = System.nanoTime();
        pmtuner("start", "2");
        double startSeconds = (System.nanoTime() - t0) / 1e9;
        assertThat(rest("/overview").get("taskmanagers").asInt()).isEqualTo(2);
        assertThat(rest("/").asText()).contains("Apache Flink Web Dashboard");

        Path in = Files.createDirectories(dir.resolve("in"));
        JdbcSettings db = newDatabase();
        Files.write(in.resolve("part-1.jsonl"), parts.get(0));
        String job = match("JobID ([0-9a-f]{32})", pmtuner(prefixed("submit", jobArgs(in, db, true))));
        progress("part 1 written (episodes/outcomes/votes/changes): %s", awaitQuietCounts(db, QUIET));
        assertThat(rest("/jobs/" + job).get("state").asText()).isEqualTo("RUNNING");
        // every tick of part 1 but those of its last two bars: the part may end within a bar that fewer
        // than a quorum of series have reached, and the watermark has passed neither that bar nor the one before
        long ticks = parts.get(0).stream().filter(l -> l.contains("\"type\":\"tick\"")).count();
        assertThat(awaitMetric(job, "transitions", "ticksReleased", ticks - 40)).isBetween(ticks - 40, ticks);

        // Prometheus: each process on loopback, the job's own metrics among them
        List<String> scraped = scrapeJobMetrics();
        progress("Prometheus: %d lines of the job's metrics, e.g. %s", scraped.size(), scraped.stream().filter(l -> l.contains("episodesClosed")).findFirst().orElse("-"));
        assertThat(scraped).anyMatch(l -> l.startsWith("flink_taskmanager_job_task_operator_episodesClosed{") && l.contains("operator_name=\"cep_s1_entry\"")
                && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) > 0);
        assertThat(scraped).anyMatch(l -> l.startsWith("flink_taskmanager_job_task_operator_rejects{"));
        assertThat(scraped).anyMatch(l -> l.startsWith("flink_taskmanager_job_task_operator_overrideChanges{") && l.contains("operator_name=\"judge\""));
        // the Grafana dashboard and the alerting rules ask for metrics that exist
        for (String metric : io.pmtuner.job.testing.Dashboard.prometheusMetrics()) {
            assertThat(scrapes.toString()).as("dashboard metric " + metric).contains(metric + "{");
        }
        awaitScraped("flink_taskmanager_job_task_operator_controls_frozenPatterns{");
        io.pmtuner.job.testing.AlertRules.metricsByRule().forEach((alert, metrics) -> metrics.forEach(metric ->
                assertThat(scrapes.toString()).as("alert " + alert + ": metric " + metric).contains(metric + "{")));

        // savepoint, cancel, resume from it with the next part
        String savepoint = match("Path: (\\S+)", pmtuner("savepoint", job));
        pmtuner("cancel", job);
        Files.write(in.resolve("part-2.jsonl"), parts.get(1));
        String resumed = match("JobID ([0-9a-f]{32})", pmtuner(prefixed("resume", savepoint, jobArgs(in, db, true))));
        progress("part 2 written after the resume: %s", awaitQuietCounts(db, QUIET));

        // the last part, and a TaskManager that runs the job killed while it reads it
        int before = query(db, "SELECT episode_id FROM pattern_episode_events").size();
        drop(in, "part-3.jsonl", parts.get(2)); // the job is watching: the file must appear whole
        awaitMoreEpisodes(db, before);
        String victim = taskManagerOf(resumed);
        long killedAt = System.nanoTime();
        pmtuner("kill-tm", victim.substring("tm-".length()));
        awaitRestartedAndRunning(resumed);
        double recoverySeconds = (System.nanoTime() - killedAt) / 1e9;
        progress("part 3 written after the recovery: %s", awaitQuietCounts(db, QUIET));
        assertThat(rest("/overview").get("taskmanagers").asInt()).isEqualTo(1);

        String finalSavepoint = match("Path: (\\S+)", pmtuner("stop-job", resumed));
        assertNoPlantedSecret();
        System.out.printf("%nCluster: up in %.1f s; %s killed, job restarted and every task running again %.1f s later;"
                + " final savepoint %s%n%n",
                startSeconds, victim, recoverySeconds, finalSavepoint);

        Map<String, List<Map<String, String>>> actual = Tables.snapshot(db);
        for (String table : Tables.QUERIES.keySet()) assertThat(actual.get(table)).as(table).isEqualTo(expected.get(table));
        assertThat(actual.get("pm_override_history")).isNotEmpty();
    }

    /**
     * The cluster jar's Kafka path under Flink's user-code class loader: a bounded replay of a topic,
     * submitted with {@code deploy/pmtuner}, with the change feed on; tables equal a local file run.
     */
    @Test
    void replayAKafkaTopicOnTheClusterAndPublishTheChanges(@TempDir Path dir) throws Exception {
        choosePorts();
        List<String> lines = EngineSimulator.lines(12, 300, 17, Instant.parse("2026-01-01T00:00:00Z"), 3600, 0.35);
        String[] judge = {"--judge.min-episodes", "20", "--judge.min-acted", "5", "--judge.min-skipped", "5", "--parallelism", "2"};
        JdbcSettings localDb = newDatabase();
        runJob(writeInput(dir, lines), localDb, judge);
        Map<String, List<Map<String, String>>> expected = Tables.snapshot(localDb);

        KafkaBroker.createTopic("cluster-events", 2);
        KafkaBroker.createTopic("cluster-overrides", 1);
        KafkaBroker.produce("cluster-events", lines, null);
        pmtuner("start", "1");
        JdbcSettings db = newDatabase();
        List<String> args = new ArrayList<>(List.of("submit", "--kafka.bootstrap-servers", KafkaBroker.bootstrapServers(),
                "--kafka.topic", "cluster-events", "--kafka.stop", "latest", "--overrides.kafka-topic", "cluster-overrides",
                "--jdbc-url", db.url, "--jdbc-user", db.user));
        args.addAll(List.of(judge));
        String job = match("JobID ([0-9a-f]{32})", pmtuner(args.toArray(new String[0])));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        String state;
        while (!(state = rest("/jobs/" + job).get("state").asText()).equals("FINISHED") && System.nanoTime() < deadline) {
            assertThat(state).as("job %s", job).isIn("INITIALIZING", "CREATED", "RUNNING");
            Thread.sleep(500);
        }
        assertThat(state).isEqualTo("FINISHED");

        Map<String, List<Map<String, String>>> actual = Tables.snapshot(db);
        for (String table : Tables.QUERIES.keySet()) assertThat(actual.get(table)).as(table).isEqualTo(expected.get(table));
        KafkaITCase.assertFeedHoldsTheHistory("cluster-overrides", db);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        KafkaBroker.stop();
    }

    static String[] jobArgs(Path in, JdbcSettings db, boolean withConnection) {
        List<String> args = new ArrayList<>();
        if (withConnection) args.addAll(List.of("--input", in.toString(), "--jdbc-url", db.url, "--jdbc-user", db.user));
        args.addAll(List.of("--follow", "--input.monitor-interval", "1s", "--checkpoint.interval", "2s", "--parallelism", "2",
                "--judge.min-episodes", "20", "--judge.min-acted", "5", "--judge.min-skipped", "5"));
        return args.toArray(new String[0]);
    }

    static String[] prefixed(String first, String... rest) {
        String[] out = new String[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    static String[] prefixed(String first, String second, String... rest) {
        return prefixed(first, prefixed(second, rest));
    }

    /** Waits until the job has written more episodes than {@code before}, so that it is busy with new input. */
    static void awaitMoreEpisodes(JdbcSettings db, int before) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (query(db, "SELECT episode_id FROM pattern_episode_events").size() == before) {
            if (System.nanoTime() > deadline) throw new AssertionError("no new episode within 3 minutes of the last part (" + before + " before)");
            Thread.sleep(100);
        }
    }

    /** Waits until the job has restarted at least once and every task runs again. */
    void awaitRestartedAndRunning(String job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            JsonNode restarts = rest("/jobs/" + job + "/metrics?get=numRestarts");
            boolean restarted = restarts.size() > 0 && restarts.get(0).get("value").asLong() >= 1;
            boolean running = true;
            for (JsonNode v : rest("/jobs/" + job).get("vertices")) running &= "RUNNING".equals(v.get("status").asText());
            if (restarted && running) return;
            Thread.sleep(250);
        }
        throw new AssertionError("job " + job + " did not restart and run again within 2 minutes");
    }

    /** A TaskManager running a subtask of the job's keyed operators. */
    String taskManagerOf(String job) throws Exception {
        for (JsonNode v : rest("/jobs/" + job).get("vertices")) {
            if (!v.get("name").asText().contains("transitions")) continue;
            for (JsonNode tm : rest("/jobs/" + job + "/vertices/" + v.get("id").asText() + "/taskmanagers").get("taskmanagers")) {
                return tm.get("taskmanager-id").asText();
            }
        }
        throw new AssertionError("no TaskManager runs the transitions of " + job);
    }

    /** Waits until the REST API reports at least {@code atLeast} for the metric (it fetches every 2 s); returns it. */
    long awaitMetric(String job, String vertexName, String metric, long atLeast) throws Exception {
        long last = -1;
        for (int i = 0; i < 60 && last < atLeast; i++) {
            Thread.sleep(500);
            last = operatorMetric(job, vertexName, metric);
        }
        assertThat(last).as("%s.%s through the REST API", vertexName, metric).isGreaterThanOrEqualTo(atLeast);
        return last;
    }

    /** The sum over subtasks of an operator metric, read through the REST API; -1 while not fetched yet. */
    long operatorMetric(String job, String vertexName, String metric) throws Exception {
        for (JsonNode v : rest("/jobs/" + job).get("vertices")) {
            if (!v.get("name").asText().contains(vertexName)) continue;
            String base = "/jobs/" + job + "/vertices/" + v.get("id").asText() + "/metrics";
            List<String> ids = new ArrayList<>();
            for (JsonNode m : rest(base)) if (m.get("id").asText().endsWith("." + metric)) ids.add(m.get("id").asText());
            if (ids.isEmpty()) return -1;
            long sum = 0;
            for (JsonNode m : rest(base + "?get=" + String.join(",", ids))) sum += m.get("value").asLong();
            return sum;
        }
        throw new AssertionError("no vertex " + vertexName);
    }
}
