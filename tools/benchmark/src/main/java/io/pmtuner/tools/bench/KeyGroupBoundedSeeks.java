package io.pmtuner.tools.bench;

import org.apache.flink.state.rocksdb.RocksDBOptionsFactory;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;

import java.util.Collection;

/**
 * A diagnostic for the RocksDB rows, never for a job: every RocksDB iterator stops at the end of the key
 * group it was positioned in (the first byte of Flink's keys when the maximum parallelism is at most
 * 128), so a seek into a key whose entries were all deleted no longer walks through the deleted entries
 * of the keys after it. {@code --rocksdb-conf state.backend.rocksdb.options-factory=io.pmtuner.tools.bench.KeyGroupBoundedSeeks}
 * measures how much of a run's cost those walks are (docs/benchmark.md).
 *
 * <p>It is unsafe in a job because the same read options serve Flink's scans over all keys (migrating
 * state to a new serializer on restore, listing a state's keys), which then stop after the first key
 * group and silently miss the rest ({@code KeyGroupBoundedSeeksTest} shows both effects).
 */
public class KeyGroupBoundedSeeks implements RocksDBOptionsFactory {
    /** Bytes of a key's prefix that name its key group, at a maximum parallelism of at most 128. */
    static final int KEY_GROUP_BYTES = 1;

    @Override
    public DBOptions createDBOptions(DBOptions current, Collection<AutoCloseable> handlesToClose) {
        return current;
    }

    @Override
    public ColumnFamilyOptions createColumnOptions(ColumnFamilyOptions current, Collection<AutoCloseable> handlesToClose) {
        return current.useCappedPrefixExtractor(KEY_GROUP_BYTES);
    }

    @Override
    public ReadOptions createReadOptions(ReadOptions current, Collection<AutoCloseable> handlesToClose) {
        return current.setPrefixSameAsStart(true);
    }
}
