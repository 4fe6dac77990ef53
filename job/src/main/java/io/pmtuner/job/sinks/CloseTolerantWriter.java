package io.pmtuner.job.sinks;

import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriter;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * flink-connector-jdbc's writer, except that closing it does not throw when its last batch cannot be
 * written. The connector's writer flushes in {@code close()} and throws when the database is gone; Flink
 * closes writers while it handles a task failure, and an exception there is fatal to the whole
 * TaskManager (seen here: the process's only TaskManager stopped and the job never restarted after a
 * database outage). The rows of that batch are not lost: a writer is only closed with rows in it when
 * the task failed or was cancelled, and the job then replays them from the last checkpoint. On a normal
 * end of input the batch is flushed by {@code flush(true)} first, which still throws.
 */
final class CloseTolerantWriter<T> extends ForwardingWriter<T, JdbcWriterState, JdbcCommitable, JdbcWriter<T>> {
    private static final Logger LOG = LoggerFactory.getLogger(CloseTolerantWriter.class);

    CloseTolerantWriter(JdbcWriter<T> writer) {
        super(writer);
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
