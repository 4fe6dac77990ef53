package io.pmtuner.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The checkpoints of one job run, as its cluster's REST API reports them. A local environment's cluster
 * goes away with its job, so a daemon thread asks every {@value #PERIOD_MS} ms and keeps the last answer;
 * a checkpoint completed in the run's last moments may be missed.
 */
final class CheckpointWatch {
    private static final long PERIOD_MS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final Duration interval;
    private final Thread poller;
    private volatile boolean running = true;
    private volatile JsonNode last;

    private CheckpointWatch(int port, Duration interval) {
        this.base = "http://127.0.0.1:" + port;
        this.interval = interval;
        this.poller = new Thread(this::pollUntilStopped, "bench-checkpoint-watch");
        poller.setDaemon(true);
    }

    /** Sets {@code conf} to take incremental checkpoints and serve REST on a free loopback port, and watches it. */
    static CheckpointWatch on(Configuration conf, Duration interval) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, port);
        conf.set(RestOptions.BIND_PORT, String.valueOf(port));
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        CheckpointWatch watch = new CheckpointWatch(port, interval);
        watch.poller.start();
        return watch;
    }

    private void pollUntilStopped() {
        String job = null;
        while (running) {
            try {
                if (job == null) job = runningJob();
                if (job != null) {
                    JsonNode stats = get("/jobs/" + job + "/checkpoints");
                    if (stats.path("counts").path("completed").asLong() > 0) last = stats;
                }
            } catch (IOException | RuntimeException e) {
                // the cluster is not up yet, or already gone: the last answer stands
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private String runningJob() throws IOException, InterruptedException {
        for (JsonNode j : get("/jobs/overview").path("jobs")) {
            if ("RUNNING".equals(j.path("state").asText())) return j.path("jid").asText();
        }
        return null;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException(path + ": HTTP " + r.statusCode());
        return JSON.readTree(r.body());
    }

    /** Stops watching; what was seen, or null when no checkpoint completed while watched. */
    Results.Checkpoints stop() throws InterruptedException {
        running = false;
        poller.interrupt();
        poller.join(5000);
        JsonNode s = last;
        if (s == null) return null;
        JsonNode written = s.path("summary").path("checkpointed_size");
        return new Results.Checkpoints(interval.toMillis(), true, s.path("counts").path("completed").asLong(),
                written.path("p50").asLong(), written.path("max").asLong(),
                s.path("latest").path("completed").path("state_size").asLong());
    }
}
