package io.pmtuner.job;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.functions.Progress;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.tools.sim.EngineSimulator;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.MapFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static io.pmtuner.job.testing.TestJobs.startJob;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A long run says how far it got while it runs, and its figures are the tables': events read, episodes
 * closed, rejects, the event time reached.
 */
class ProgressITCase extends PostgresTestBase {
    static final Pattern READ = Pattern.compile("progress: ([\\d,]+) events read \\(.*\\), event time (.+?), ([\\d,]+) episodes closed, ([\\d,]+) rejects");

    /** Slows the reader down so that a small input takes a few seconds. */
    static final class Throttle implements MapFunction<String, String> {
        private long n;

        @Override
        public String map(String line) throws Exception {
            if (++n % 100 == 0) Thread.sleep(40);
            return line;
        }
    }

    @Test
    void aRunReportsItsProgressAndEndsWithTheTablesFigures(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(EngineSimulator.lines(20, 400, 1, java.time.Instant.parse("2026-01-01T00:00:00Z"), 3600, 0.4));
        lines.add(lines.size() / 2, "{not json");
        lines.add(lines.size() / 2, "{\"v\": 1, \"type\": \"tick\"}");
        Path input = Files.write(dir.resolve("world.jsonl"), lines);
        JdbcSettings db = newDatabase();

        List<String> progress = new CopyOnWriteArrayList<>();
        JobExecutionResult result = ProgressReporter.await(startJob(input, db, new Throttle(), null), Duration.ofMillis(500), progress::add);

        // it said something while it ran, and what it said only grew
        assertThat(progress).hasSizeGreaterThanOrEqualTo(3);
        long lastRead = -1;
        boolean sawEventTime = false;
        boolean sawReading = false;
        for (String p : progress) {
            Matcher m = READ.matcher(p);
            assertThat(m.find()).as(p).isTrue();
            long read = Long.parseLong(m.group(1).replace(",", ""));
            assertThat(read).isGreaterThanOrEqualTo(lastRead);
            lastRead = read;
            sawEventTime |= m.group(2).startsWith("2026-");
            sawReading |= read > 0 && read < lines.size();
        }
        // the reader takes seconds (throttled); accumulators arrive with each second's heartbeat
        assertThat(sawReading).as("a line while the input was being read: %s", progress).isTrue();
        assertThat(sawEventTime).isTrue();

        // the end: the accumulators are the tables
        assertThat(result.<Long>getAccumulatorResult(Progress.EVENTS_READ)).isEqualTo(lines.size());
        assertThat(result.<Long>getAccumulatorResult(Progress.EPISODES_CLOSED))
                .isEqualTo(Long.parseLong(query(db, "SELECT count(*) AS n FROM pattern_episode_events").get(0).get("n"))).isGreaterThan(100);
        assertThat(result.<Long>getAccumulatorResult(Progress.REJECTS))
                .isEqualTo(Long.parseLong(query(db, "SELECT count(*) AS n FROM ingest_rejects").get(0).get("n"))).isEqualTo(2);
        long maxBar = Long.parseLong(query(db, "SELECT (extract(epoch FROM max(window_end_ts)) * 1000)::bigint AS t FROM pattern_episode_events").get(0).get("t"));
        assertThat(result.<Long>getAccumulatorResult(Progress.EVENT_TIME)).isGreaterThanOrEqualTo(maxBar - Duration.ofHours(2).toMillis());
    }

    @Test
    void theLineNamesEveryFigure() {
        String line = ProgressReporter.line(java.util.Map.of(Progress.EVENTS_READ, 153_000L, Progress.EVENT_TIME, 1_768_190_400_000L,
                Progress.EPISODES_CLOSED, 2345L, Progress.REJECTS, 12L), 41_234, 8.2);
        assertThat(line).isEqualTo("progress: 153,000 events read (41.2k/s), event time 2026-01-12T04:00:00Z, 2,345 episodes closed, 12 rejects (8 s)");
        assertThat(ProgressReporter.line(java.util.Map.of(), 0, 0)).contains("0 events read (0/s), event time not yet");
    }
}
