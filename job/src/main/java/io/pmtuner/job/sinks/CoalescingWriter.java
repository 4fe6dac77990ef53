package io.pmtuner.job.sinks;

import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.function.SerializableFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A writer in front of another that keeps only the newest row per key between flushes (every
 * {@code intervalMs}, at most {@code maxPending} keys, and at every checkpoint and the end of input),
 * then hands them to the writer behind it as one batch, written and flushed on a thread of its own while
 * the task goes on.
 *
 * <p>Every table that is upserted by key only moves forward (an outcome, {@code n_votes}, {@code
 * version}), so the newest row is the only one that counts, and a batch never holds one key twice, which
 * lets the PostgreSQL driver rewrite it into multi-row statements ({@code reWriteBatchedInserts}). The
 * round trips to the database held the task thread, and through backpressure the whole pipeline, idle;
 * here one batch is in flight at a time, and every checkpoint and the end of input wait for it, so a
 * checkpoint still covers every row before it. The writer behind is used by one thread at a time: the
 * batch thread while a batch is in flight, the task thread otherwise.
 */
final class CoalescingWriter<T, S, C, W extends StatefulSinkWriter<T, S> & CommittingSinkWriter<T, C>> extends ForwardingWriter<T, S, C, W> {
    private static final Logger LOG = LoggerFactory.getLogger(CoalescingWriter.class);

    private final SerializableFunction<T, String> key;
    private final ProcessingTimeService time;
    /** With object reuse on, what is kept past {@code write} is a copy: the caller may reuse or change its object. */
    private final TypeSerializer<T> copier;
    private final long intervalMs;
    private final int maxPending;
    private final Map<String, T> pending = new LinkedHashMap<>();
    private boolean timerSet;
    private Context lastContext;
    private final ExecutorService batches;
    /** The batch being written, or null; at most one, so rows in memory stay under twice maxPending. */
    private Future<?> inFlight;

    CoalescingWriter(W writer, WriterInitContext ctx, SerializableFunction<T, String> key, long intervalMs, int maxPending) {
        super(writer);
        this.key = key;
        this.time = ctx.getProcessingTimeService();
        this.copier = ctx.isObjectReuseEnabled() ? ctx.createInputSerializer() : null;
        this.intervalMs = intervalMs;
        this.maxPending = maxPending;
        String threadName = batchThreadName(ctx);
        this.batches = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Named after its task as Flink names task threads ("name (i/n)#attempt"), so thread dumps and CPU figures tell the sinks apart. */
    static String batchThreadName(WriterInitContext ctx) {
        return "jdbc batches of " + ctx.getTaskInfo().getTaskNameWithSubtasks();
    }

    @Override
    public void write(T element, Context ctx) throws IOException, InterruptedException {
        if (inFlight != null && inFlight.isDone()) awaitInFlight(); // a failed batch fails the task now
        lastContext = ctx;
        pending.put(key.apply(element), copier == null ? element : copier.copy(element));
        if (pending.size() >= maxPending) {
            drain();
        } else if (!timerSet) {
            timerSet = true;
            // runs in the task's mailbox thread, like write()
            time.registerTimer(time.getCurrentProcessingTime() + intervalMs, t -> {
                timerSet = false;
                drain();
            });
        }
    }

    /** Hands the newest row of every pending key to the batch thread, after waiting for the batch before it. */
    private void drain() throws IOException, InterruptedException {
        awaitInFlight();
        if (pending.isEmpty()) return;
        List<T> rows = new ArrayList<>(pending.values());
        pending.clear();
        Context ctx = lastContext;
        inFlight = batches.submit(() -> {
            for (T row : rows) writer.write(row, ctx);
            writer.flush(false);
            return null;
        });
    }

    /** Waits for the batch in flight; its failure is this writer's (the task fails and replays from the last checkpoint). */
    private void awaitInFlight() throws IOException, InterruptedException {
        if (inFlight == null) return;
        Future<?> batch = inFlight;
        inFlight = null;
        try {
            batch.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) throw io;
            if (cause instanceof InterruptedException ie) throw ie;
            throw new IOException("Writing a batch to PostgreSQL failed", cause);
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        drain();
        awaitInFlight();
        writer.flush(endOfInput);
    }

    @Override
    public void close() throws Exception {
        batches.shutdownNow();
        try {
            if (!batches.awaitTermination(30, TimeUnit.SECONDS)) LOG.warn("A JDBC batch was still being written when the task stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
    }
}
