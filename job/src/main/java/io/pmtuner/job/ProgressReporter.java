package io.pmtuner.job;

import io.pmtuner.job.functions.Progress;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.util.ExceptionUtils;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Waits for a submitted job and, every interval until it ends, says how far it got: events read and
 * their rate, the event time reached, episodes closed, rejects (from the job's accumulators, which the
 * task managers report with their heartbeats). Wall clock here only paces what is printed.
 */
public final class ProgressReporter {
    private ProgressReporter() {}

    /** The job's result, as {@code env.execute} would return it; {@code interval} zero: no progress lines. */
    public static JobExecutionResult await(JobClient job, Duration interval, Consumer<String> out) throws Exception {
        long started = System.nanoTime();
        long lastEvents = 0, lastAt = started;
        try {
            while (true) {
                try {
                    if (interval.isZero()) return job.getJobExecutionResult().get();
                    return job.getJobExecutionResult().get(interval.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    Map<String, Object> acc;
                    try {
                        acc = job.getAccumulators().get(interval.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (TimeoutException | ExecutionException notNow) {
                        continue; // the job is between states (starting, restarting): try again next time
                    }
                    long now = System.nanoTime();
                    long events = number(acc.get(Progress.EVENTS_READ));
                    double rate = now == lastAt ? 0 : (events - lastEvents) / ((now - lastAt) / 1e9);
                    out.accept(line(acc, rate, (now - started) / 1e9));
                    lastEvents = events;
                    lastAt = now;
                }
            }
        } catch (ExecutionException e) {
            // as env.execute: the job's own failure, not the future's wrapper
            ExceptionUtils.rethrowException(ExceptionUtils.stripExecutionException(e));
            throw e;
        }
    }

    /** One line: "progress: 153,000 events read (41.2k/s), event time 2026-01-12T04:00:00Z, 2,345 episodes closed, 12 rejects (8 s)". */
    static String line(Map<String, Object> acc, double eventsPerSecond, double seconds) {
        long time = number(acc.get(Progress.EVENT_TIME));
        String eventTime = time <= 0 || time == Long.MAX_VALUE ? "not yet" : Instant.ofEpochMilli(time).truncatedTo(ChronoUnit.SECONDS).toString();
        return String.format(Locale.ROOT, "progress: %,d events read (%s/s), event time %s, %,d episodes closed, %,d rejects (%.0f s)",
                number(acc.get(Progress.EVENTS_READ)), rate(eventsPerSecond), eventTime, number(acc.get(Progress.EPISODES_CLOSED)),
                number(acc.get(Progress.REJECTS)), seconds);
    }

    private static String rate(double r) {
        return r >= 1000 ? String.format(Locale.ROOT, "%.1fk", r / 1000) : String.format(Locale.ROOT, "%.0f", r);
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }
}
