package io.pmtuner.tools.bench;

import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Feeds the live run at a fixed rate. Flink's {@code RateLimiterStrategy.perSecond} hands every record
 * to a limiter thread and back, and on two busy cores that round trip capped the input at 7-9.5 k of
 * the 10 k events/s asked. Here a record is released at once unless it is more than {@link #AHEAD_NANOS}
 * ahead of its schedule (start + n / rate); then it waits for its due time, so only about one record in
 * a hundred waits. After a stall the records that fell behind go at once, as a backlog would.
 */
final class PacedRateLimiter<S extends SourceSplit> implements RateLimiter<S> {
    static final long AHEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "paced-rate-limiter");
        t.setDaemon(true);
        return t;
    });

    private final double nanosPerRecord;
    private long start = -1;
    private long released;

    PacedRateLimiter(double perSecond) {
        this.nanosPerRecord = 1e9 / perSecond;
    }

    @SuppressWarnings("rawtypes")
    static RateLimiterStrategy perSecond(double perSecond) {
        return parallelism -> new PacedRateLimiter<>(perSecond / parallelism);
    }

    @Override
    public CompletionStage<Void> acquire(int permits) {
        long now = System.nanoTime();
        if (start < 0) start = now;
        long due = start + (long) (released * nanosPerRecord);
        released += permits;
        if (due - now <= AHEAD_NANOS) return CompletableFuture.completedFuture(null);
        CompletableFuture<Void> onTime = new CompletableFuture<>();
        TIMER.schedule(() -> onTime.complete(null), due - now, TimeUnit.NANOSECONDS);
        return onTime;
    }
}
