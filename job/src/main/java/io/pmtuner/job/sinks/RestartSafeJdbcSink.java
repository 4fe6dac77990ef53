package io.pmtuner.job.sinks;

import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.function.SerializableFunction;

import java.io.IOException;
import java.util.Collection;

/**
 * flink-connector-jdbc's sink, its writer made safe to close after a failure ({@link CloseTolerantWriter})
 * and, with a key, rows coalesced per key and written in batches off the task thread ({@link
 * CoalescingWriter}). State and commits are the connector's own.
 */
public class RestartSafeJdbcSink<T> implements Sink<T>, SupportsWriterState<T, JdbcWriterState>, SupportsCommitter<JdbcCommitable> {
    private static final long serialVersionUID = 1L;

    private final JdbcSink<T> delegate;
    private final SerializableFunction<T, String> key;
    private final long intervalMs;
    private final int maxPending;

    /** Writes every row as it comes. */
    public RestartSafeJdbcSink(JdbcSink<T> delegate) {
        this(delegate, null, 0, 0);
    }

    /** Coalesces rows by {@code key} (see {@link CoalescingWriter}). */
    public RestartSafeJdbcSink(JdbcSink<T> delegate, SerializableFunction<T, String> key, long intervalMs, int maxPending) {
        this.delegate = delegate;
        this.key = key;
        this.intervalMs = intervalMs;
        this.maxPending = maxPending;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext ctx) throws IOException {
        return wrap(new CloseTolerantWriter<>(delegate.createWriter(ctx)), ctx);
    }

    @Override
    public StatefulSinkWriter<T, JdbcWriterState> restoreWriter(WriterInitContext ctx, Collection<JdbcWriterState> state) throws IOException {
        return wrap(new CloseTolerantWriter<>(delegate.restoreWriter(ctx, state)), ctx);
    }

    private StatefulSinkWriter<T, JdbcWriterState> wrap(CloseTolerantWriter<T> writer, WriterInitContext ctx) {
        return key == null ? writer : new CoalescingWriter<>(writer, ctx, key, intervalMs, maxPending);
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
}
