package io.pmtuner.job.sinks;

import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriter;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.function.SerializableFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * flink-connector-jdbc's sink with two changes.
 *
 * <p>With a key, rows are coalesced: between flushes (every {@code intervalMs}, at most
 * {@code maxPending} keys, and at every checkpoint and the end of input) only the newest row per key
 * is kept, then written and flushed as one batch. Every table that is upserted by key only moves
 * forward (an outcome, {@code n_votes}, {@code version}), so the newest row is the only one that
 * counts, and a batch never holds one key twice, which lets the driver rewrite a batch into
 * multi-row statements ({@code reWriteBatchedInserts}). A batch is written on a thread of the
 * writer's own while the task goes on (the round trips to PostgreSQL held the task thread, and through
 * backpressure the whole pipeline, idle); one batch at a time, and every checkpoint and the end of
 * input wait for it, so a checkpoint still covers every row before it.
 *
 * <p>Closing a writer whose last batch
 * cannot be written does not throw. The connector's writer flushes in {@code close()} and throws when
 * the database is gone; Flink closes writers while it handles a task failure, and an exception there
 * is fatal to the whole TaskManager (seen here: the process's only TaskManager stopped and the job
 * never restarted after a database outage). The rows of that batch are not lost: a writer is only
 * closed with rows in it when the task failed or was cancelled, and the job then replays them from the
 * last checkpoint. On a normal end of input the batch is flushed by {@code flush(true)} first, which
 * still throws.
 */
public class RestartSafeJdbcSink<T> implements Sink<T>, SupportsWriterState<T, JdbcWriterState>, SupportsCommitter<JdbcCommitable> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RestartSafeJdbcSink.class);

    private final JdbcSink<T> delegate;
    private final SerializableFunction<T, String> key;
    private final long intervalMs;
    private final int maxPending;

    /** Writes every row as it comes. */
    public RestartSafeJdbcSink(JdbcSink<T> delegate) {
        this(delegate, null, 0, 0);
    }

    /** Coalesces rows by {@code key} (see above). */
    public RestartSafeJdbcSink(JdbcSink<T> delegate, SerializableFunction<T, String> key, long intervalMs, int maxPending) {
        this.delegate = delegate;
        this.key = key;
        this.intervalMs = intervalMs;
        this.maxPending = maxPending;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext ctx) throws IOException {
        return new Writer<>(delegate.createWriter(ctx), ctx, key, intervalMs, maxPending);
    }

    @Override
    public StatefulSinkWriter<T, JdbcWriterState> restoreWriter(WriterInitContext ctx, Collection<JdbcWriterState> state) throws IOException {
        return new Writer<>(delegate.restoreWriter(ctx, state), ctx, key, intervalMs, maxPending);
    }

    /** Named after its task as Flink names task threads ("name (i/n)#attempt"), so thread dumps and CPU figures tell the sinks apart. */
    static String batchThreadName(WriterInitContext ctx) {
        return "jdbc batches of " + ctx.getTaskInfo().getTaskNameWithSubtasks();
    }

    @Override
    public SimpleVersionedSerializer<JdbcWriterState> getWriterStateSerializer() {
        return delegate.getWriterStateSerializer();
    }

    @Override
    public Committer<JdbcCommitable> createCommitter(CommitterInitContext ctx) throws IOException {
        return delegate.createCommitter(ctx);
    }

    @Override
    public SimpleVersionedSerializer<JdbcCommitable> getCommittableSerializer() {
        return delegate.getCommittableSerializer();
    }

    private static final class Writer<T> implements StatefulSinkWriter<T, JdbcWriterState>, CommittingSinkWriter<T, JdbcCommitable> {
        private final JdbcWriter<T> writer;
        private final SerializableFunction<T, String> key;
        private final ProcessingTimeService time;
        /** With object reuse on, what is kept past {@code write} is a copy: the caller may reuse or change its object. */
        private final TypeSerializer<T> copier;
        private final long intervalMs;
        private final int maxPending;
        private final Map<String, T> pending = new LinkedHashMap<>();
        private boolean timerSet;
        private Context lastContext;
        /** Writes coalesced batches off the task thread, one at a time; null without a key. */
        private final ExecutorService batches;
        /** The batch being written, or null; at most one, so rows in memory stay under twice maxPending. */
        private Future<?> inFlight;

        Writer(JdbcWriter<T> writer, WriterInitContext ctx, SerializableFunction<T, String> key, long intervalMs, int maxPending) {
            this.writer = writer;
            this.key = key;
            this.time = ctx.getProcessingTimeService();
            this.copier = key != null && ctx.isObjectReuseEnabled() ? ctx.createInputSerializer() : null;
            this.intervalMs = intervalMs;
            this.maxPending = maxPending;
            String threadName = batchThreadName(ctx);
            this.batches = key == null ? null : Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public void write(T element, Context ctx) throws IOException, InterruptedException {
            if (key == null) {
                writer.write(element, ctx);
                return;
            }
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

        /**
         * Hands the newest row of every pending key to the batch thread, to be written and flushed as one
         * batch (each key once) while the task goes on; first waits for the batch before it. The
         * connector's writer is only used by one thread at a time: the batch thread while a batch is in
         * flight, the task thread otherwise (checkpoints and the end of input wait for the batch first).
         */
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
            if (key != null) {
                drain();
                awaitInFlight();
            }
            writer.flush(endOfInput);
        }

        @Override
        public Collection<JdbcCommitable> prepareCommit() throws IOException, InterruptedException {
            return writer.prepareCommit();
        }

        @Override
        public List<JdbcWriterState> snapshotState(long checkpointId) throws IOException {
            return writer.snapshotState(checkpointId);
        }

        @Override
        public void close() {
            if (batches != null) {
                batches.shutdownNow();
                try {
                    if (!batches.awaitTermination(30, TimeUnit.SECONDS)) LOG.warn("A JDBC batch was still being written when the task stopped");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                writer.close();
            } catch (Exception e) {
                LOG.warn("A JDBC batch could not be written while the task stopped; its rows are replayed from the last checkpoint", e);
            }
        }
    }
}
