package io.pmtuner.tools.bench;

import org.apache.flink.api.connector.source.SourceSplit;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PacedRateLimiterTest {
    @Test
    void recordsOnScheduleGoAtOnceAndOneAheadWaitsForItsTime() throws Exception {
        PacedRateLimiter<SourceSplit> tenPerSecond = new PacedRateLimiter<>(10);
        CompletableFuture<Void> first = tenPerSecond.acquire(1).toCompletableFuture();
        CompletableFuture<Void> second = tenPerSecond.acquire(1).toCompletableFuture();
        assertThat(first).as("due now").isDone();
        assertThat(second).as("due 100 ms after the first").isNotDone();
        second.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aBacklogGoesAtOnce() throws Exception {
        PacedRateLimiter<SourceSplit> limiter = new PacedRateLimiter<>(1000);
        limiter.acquire(1);
        Thread.sleep(200); // a stall: about 200 records are behind their schedule now
        for (int i = 0; i < 150; i++) {
            assertThat(limiter.acquire(1).toCompletableFuture()).as("record %d of the backlog", i).isDone();
        }
    }
}
