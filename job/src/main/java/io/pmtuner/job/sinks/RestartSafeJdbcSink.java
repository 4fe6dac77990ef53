package io.pmtuner.job.sinks;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * flink-connector-jdbc's sink, unchanged except for one thing: closing a writer whose last batch
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

    public RestartSafeJdbcSink(JdbcSink<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext ctx) throws IOException {
        return new Writer<>(delegate.createWriter(ctx));
    }

    @Override
    public StatefulSinkWriter<T, JdbcWriterState> restoreWriter(WriterInitContext ctx, Collection<JdbcWriterState> state) throws IOException {
        return new Writer<>(delegate.restoreWriter(ctx, state));
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

        Writer(JdbcWriter<T> writer) {
            this.writer = writer;
        }

        @Override
        public void write(T element, Context ctx) throws IOException, InterruptedException {
            writer.write(element, ctx);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
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
            try {
                writer.close();
            } catch (Exception e) {
                LOG.warn("A JDBC batch could not be written while the task stopped; its rows are replayed from the last checkpoint", e);
            }
        }
    }
}
