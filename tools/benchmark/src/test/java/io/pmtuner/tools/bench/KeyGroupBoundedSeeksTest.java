package io.pmtuner.tools.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the diagnostic options do to RocksDB's iterators, on RocksDB itself (the build Flink ships): a
 * seek stops at the end of its key group instead of walking on, and a scan from the first key stops
 * there too, which is why they are a measurement and not a setting for the job.
 */
class KeyGroupBoundedSeeksTest {
    @Test
    void seeksStopAtTheirKeyGroupAndSoDoScansOverAllKeys(@TempDir Path dir) throws Exception {
        RocksDB.loadLibrary();
        KeyGroupBoundedSeeks factory = new KeyGroupBoundedSeeks();
        List<AutoCloseable> handles = new ArrayList<>();
        try (ColumnFamilyOptions cf = factory.createColumnOptions(new ColumnFamilyOptions(), handles);
             Options options = new Options(new DBOptions().setCreateIfMissing(true), cf);
             RocksDB db = RocksDB.open(options, dir.toString());
             ReadOptions bounded = factory.createReadOptions(new ReadOptions(), handles);
             ReadOptions plain = new ReadOptions()) {
            // three key groups of two keys; every entry of group 1 deleted (a drained map state's tombstones)
            for (byte group = 0; group < 3; group++) {
                for (byte key = 0; key < 2; key++) db.put(new byte[] {group, key}, new byte[] {1});
            }
            db.delete(new byte[] {1, 0});
            db.delete(new byte[] {1, 1});

            assertThat(keysFrom(db, plain, new byte[] {1})).as("a plain seek into group 1 walks on into group 2")
                    .containsExactly("2/0", "2/1");
            assertThat(keysFrom(db, bounded, new byte[] {1})).as("a bounded one stops at the end of group 1").isEmpty();
            assertThat(keysFrom(db, bounded, new byte[] {0, 1})).as("within its group it reads on").containsExactly("0/1");

            assertThat(keysFrom(db, plain, null)).hasSize(4);
            assertThat(keysFrom(db, bounded, null)).as("a scan over all keys sees the first group only")
                    .containsExactly("0/0", "0/1");
        }
    }

    /** Keys from {@code target} (null: the first key) to the iterator's end, as "group/key". */
    private static List<String> keysFrom(RocksDB db, ReadOptions read, byte[] target) {
        List<String> keys = new ArrayList<>();
        try (RocksIterator it = db.newIterator(read)) {
            if (target == null) it.seekToFirst(); else it.seek(target);
            for (; it.isValid(); it.next()) keys.add(it.key()[0] + "/" + it.key()[1]);
        }
        return keys;
    }
}
