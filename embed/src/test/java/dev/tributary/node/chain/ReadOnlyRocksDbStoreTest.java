package dev.tributary.node.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.store.KeyValueStore;
import dev.tributary.store.RocksDbKeyValueStore;
import dev.tributary.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;

/** The read-only view of a node's store that {@code status} opens, while the node may hold it. */
class ReadOnlyRocksDbStoreTest {
    @TempDir
    Path tmp;

    /**
     * A value RocksDB keeps in a blob file (4 KiB and more, flushed: a large block's body) reads back whole. A RocksDB
     * secondary instance, which this view was before, crashed the process here.
     */
    @Test
    void aValueKeptInABlobFileReadsBackWhileTheNodeHoldsTheStore() throws Exception {
        Path dir = tmp.resolve("store");
        byte[] body = new byte[10_000];
        Arrays.fill(body, (byte) 7);
        RocksDB.loadLibrary();
        try (ColumnFamilyOptions blobs = new ColumnFamilyOptions().setEnableBlobFiles(true).setMinBlobSize(4096);
                DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)) {
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            try (RocksDB db = RocksDB.open(options, dir.toString(), List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, blobs),
                    new ColumnFamilyDescriptor("regtest".getBytes(), blobs)), handles);
                    FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.put(handles.get(1), new byte[] {'b', 1}, body);
                db.flush(flush, handles.get(1));
                handles.forEach(ColumnFamilyHandle::close);
            }
        }
        assertThat(Files.list(dir).anyMatch(f -> f.toString().endsWith(".blob"))).as("a blob file").isTrue();

        try (RocksDbKeyValueStore node = RocksDbKeyValueStore.open(dir);
                KeyValueStore view = ReadOnlyRocksDbStore.open(dir, "regtest")) {
            assertThat(view.get(new byte[] {'b', 1})).hasValueSatisfying(v -> assertThat(v).isEqualTo(body));
            List<byte[]> scanned = new ArrayList<>();
            view.scan(new byte[] {'b'}, null, (k, v) -> scanned.add(v));
            assertThat(scanned).singleElement().isEqualTo(body);
            assertThatThrownBy(() -> view.put(new byte[] {1}, new byte[] {2})).isInstanceOf(StoreException.class);
            assertThat(node.keyspace("regtest").get(new byte[] {'b', 1})).isPresent();
        }
    }

    @Test
    void aMissingKeyspaceIsNamed() {
        try (RocksDbKeyValueStore node = RocksDbKeyValueStore.open(tmp.resolve("other"))) {
            node.keyspace("mainnet").put(new byte[] {1}, new byte[] {2});
        }
        assertThatThrownBy(() -> ReadOnlyRocksDbStore.open(tmp.resolve("other"), "regtest"))
                .isInstanceOf(StoreException.class).hasMessageContaining("holds no regtest chain");
    }
}
