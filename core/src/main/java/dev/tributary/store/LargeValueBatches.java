package dev.tributary.store;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;

/**
 * Native RocksDB write batches kept for reuse, for {@link WriteBatch}es of large values (header segments of a
 * sync, block bodies). Such a batch is megabytes; handed over as one serialized array ({@link RocksBatchEncoder})
 * it is copied twice more in native memory, into buffers allocated for that one write and freed after it, so the
 * system maps fresh pages and zeroes them on every write. Here each value goes from the Java array into a direct
 * buffer and from there, by one native call per operation, into a native batch whose memory stays allocated from
 * one write to the next: one copy, and no fresh pages once the batch has grown. With operations of a kilobyte
 * and more the native call per operation costs little beside the copy; batches of small operations keep the
 * serialized path.
 *
 * <p>Thread-safe: each write takes a batch of its own from the pool and gives it back. A batch that grew beyond
 * {@link #KEPT_BYTES} is freed instead of kept, which bounds the memory held between writes.
 */
final class LargeValueBatches implements AutoCloseable {
    /** The average size of an operation from which a batch is written through this pool. */
    static final int LARGE_VALUE_BYTES = 1024;
    static final long KEPT_BYTES = 16L << 20;
    private static final int KEPT_BATCHES = 4;

    private final ConcurrentLinkedQueue<Native> pool = new ConcurrentLinkedQueue<>();

    /** Whether {@code batch} is written best through this pool: its operations average {@link #LARGE_VALUE_BYTES}. */
    static boolean suits(WriteBatch batch) {
        return batch.byteSize() >= (long) LARGE_VALUE_BYTES * batch.size();
    }

    /** A native batch and the direct buffers its operations go through. */
    static final class Native implements AutoCloseable, WriteBatch.Handler {
        final org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch();
        private ByteBuffer keys = ByteBuffer.allocateDirect(256);
        private ByteBuffer values = ByteBuffer.allocateDirect(64 << 10);
        private ColumnFamilyHandle family;
        private long bytes;

        /** Clears the batch and puts {@code source}'s operations in it, for {@code family}. */
        org.rocksdb.WriteBatch fill(WriteBatch source, ColumnFamilyHandle family) {
            this.family = family;
            batch.clear();
            bytes = source.byteSize();
            source.replay(this);
            return batch;
        }

        @Override
        public void put(byte[] key, byte[] value) {
            keys = copy(keys, key);
            values = copy(values, value);
            try {
                batch.put(family, keys, values);
            } catch (RocksDBException e) {
                throw new StoreException("cannot add a put of " + value.length + " bytes to a batch: " + e.getMessage(), e);
            }
        }

        @Override
        public void delete(byte[] key) {
            try {
                batch.delete(family, key);
            } catch (RocksDBException e) {
                throw new StoreException("cannot add a delete to a batch: " + e.getMessage(), e);
            }
        }

        /** {@code data} in {@code buffer} (or a larger one), ready to read. */
        private static ByteBuffer copy(ByteBuffer buffer, byte[] data) {
            if (buffer.capacity() < data.length) {
                buffer = ByteBuffer.allocateDirect(Math.max(data.length, 2 * buffer.capacity()));
            }
            buffer.clear();
            buffer.put(data).flip();
            return buffer;
        }

        boolean worthKeeping() {
            return bytes <= KEPT_BYTES && values.capacity() <= KEPT_BYTES;
        }

        @Override
        public void close() {
            batch.close();
        }
    }

    /** A batch from the pool, or a new one. */
    Native take() {
        Native n = pool.poll();
        return n != null ? n : new Native();
    }

    /** Gives {@code n} back to the pool, or frees it when it grew large or the pool is full. */
    void give(Native n) {
        if (n.worthKeeping() && pool.size() < KEPT_BATCHES) {
            pool.add(n);
        } else {
            n.close();
        }
    }

    /** Frees the pooled batches; batches in use are freed when given back. */
    @Override
    public void close() {
        Native n;
        while ((n = pool.poll()) != null) {
            n.close();
        }
    }
}
