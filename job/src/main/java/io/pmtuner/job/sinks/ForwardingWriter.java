package io.pmtuner.job.sinks;

import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

/** A writer that hands everything to the writer behind it; a subclass changes what it is for. */
abstract class ForwardingWriter<T, S, C, W extends StatefulSinkWriter<T, S> & CommittingSinkWriter<T, C>>
        implements StatefulSinkWriter<T, S>, CommittingSinkWriter<T, C> {
    protected final W writer;

    ForwardingWriter(W writer) {
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
    public Collection<C> prepareCommit() throws IOException, InterruptedException {
        return writer.prepareCommit();
    }

    @Override
    public List<S> snapshotState(long checkpointId) throws IOException {
        return writer.snapshotState(checkpointId);
    }

    @Override
    public void close() throws Exception {
        writer.close();
    }
}
