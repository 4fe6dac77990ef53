package io.pmtuner.job;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.tools.sim.EngineSimulator;
import io.pmtuner.job.testing.FaultyLines;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.job.testing.SavepointSizes;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.TestJobs.awaitQuietCounts;
import static io.pmtuner.job.testing.TestJobs.startJob;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bounded state: the same 500 series run for 500 bars and for 2 000 bars (over a million
 * events) as a live job; the savepoint taken when each has caught up holds all its keyed state. Its
 * size per series must not grow with the run length. Prints the figures, per operator too.
 *
 * <p>This test found that CEP's {@code within} keeps a timer per started window until start + limit:
 * with the former 90-day default, state per series grew 1.8x from 500 to 2 000 hourly bars. The limit
 * is now off by default ({@code --episode.max-window}).
 */
class BoundedStateITCase extends PostgresTestBase {
    static final int SERIES = 500;

    static final List<String> UIDS = List.of("source", "test-tap", "parse", "watermarks", "transitions", "cep-s1-entry",
            "cep-s3-retest", "outcomes", "scope-fan-out", "miner", "judge", "sink-episodes", "sink-rejects", "sink-lessons",
            "sink-overrides", "sink-override-history");

    record Run(int bars, long events, long savepointBytes, Map<String, Long> byOperator) {
        double bytesPerSeries() {
            return (double) savepointBytes / SERIES;
        }
    }

    @Test
    void keyedStatePerSeriesDoesNotGrowWithTheRunLength(@TempDir Path dir) throws Exception {
        Run shortRun = run(dir.resolve("short"), 500);
        Run longRun = run(dir.resolve("long"), 2000);

        System.out.printf("%nBounded state (%d series, savepoint when caught up)%n", SERIES);
        System.out.printf("  %-6s %-10s %-16s %-16s%n", "bars", "events", "savepoint bytes", "bytes/series");
        for (Run r : new Run[] {shortRun, longRun}) {
            System.out.printf("  %-6d %-10d %-16d %-16.0f%n", r.bars(), r.events(), r.savepointBytes(), r.bytesPerSeries());
        }
        System.out.printf("  ratio long/short per series: %.3f%n", longRun.bytesPerSeries() / shortRun.bytesPerSeries());
        System.out.printf("  state bytes by operator (short, long): %n");
        for (String op : UIDS) {
            if (!longRun.byOperator().containsKey(op)) continue;
            System.out.printf("    %-22s %10d %10d%n", op, shortRun.byOperator().getOrDefault(op, 0L), longRun.byOperator().get(op));
        }
        System.out.println();

        assertThat(longRun.events()).isGreaterThanOrEqualTo(1_000_000);
        assertThat(longRun.bytesPerSeries()).isLessThan(shortRun.bytesPerSeries() * 1.25);
    }

    private static Run run(Path dir, int bars) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        long events;
        try (Writer w = Files.newBufferedWriter(in.resolve("sim.jsonl"))) {
            events = EngineSimulator.write(w, SERIES, bars, 99, Instant.parse("2026-01-01T00:00:00Z"), 3600, 0.35);
        }
        JdbcSettings db = newDatabase();
        JobClient job = startJob(in, db, FaultyLines.throttled("state-" + bars, 0), null,
                "--follow", "--input.monitor-interval", "1s", "--checkpoint.interval", "10s");
        awaitQuietCounts(db, Duration.ofSeconds(4));
        Path savepoint = Path.of(URI.create(job.stopWithSavepoint(false, dir.resolve("sp").toUri().toString(),
                SavepointFormatType.CANONICAL).get(3, TimeUnit.MINUTES)));
        Files.delete(in.resolve("sim.jsonl"));
        try (Stream<Path> files = Files.walk(savepoint)) {
            long bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            return new Run(bars, events, bytes, SavepointSizes.byUid(savepoint, UIDS));
        }
    }
}
