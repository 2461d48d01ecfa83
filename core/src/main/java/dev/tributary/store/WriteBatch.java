package dev.tributary.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An ordered group of puts and deletes that {@link KeyValueStore#write(WriteBatch)} applies atomically:
 * a reader, and the store after a crash, sees all of them or none. Operations apply in the order they
 * were added, so of two operations on one key the later one wins.
 *
 * <p>The batch copies every key and value it is given (but through {@link #putOwned}), so the caller may reuse
 * its arrays. A batch is a
 * plain builder, not tied to a store; it is not thread-safe, and may be written more than once.
 */
public final class WriteBatch {
    /** Receives the operations of a batch in order; what a store implements to apply one. */
    public interface Handler {
        /** The arrays belong to the batch: read them, do not modify or keep them. */
        void put(byte[] key, byte[] value);

        /** The array belongs to the batch: read it, do not modify or keep it. */
        void delete(byte[] key);
    }

    /** {@code value == null} means delete. */
    private record Operation(byte[] key, byte[] value) {
    }

    private final List<Operation> operations = new ArrayList<>();
    private long byteSize;
    /** Puts and deletes. */
    private int count;

    public WriteBatch put(byte[] key, byte[] value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        operations.add(new Operation(key.clone(), value.clone()));
        count++;
        byteSize += key.length + value.length;
        return this;
    }

    /**
     * A put that takes ownership of {@code key} and {@code value} instead of copying them: the caller must not
     * modify them afterwards. For writers that build a fresh array per entry (a sync's header batch).
     */
    public WriteBatch putOwned(byte[] key, byte[] value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        operations.add(new Operation(key, value));
        count++;
        byteSize += key.length + value.length;
        return this;
    }

    public WriteBatch delete(byte[] key) {
        Objects.requireNonNull(key, "key");
        operations.add(new Operation(key.clone(), null));
        count++;
        byteSize += key.length;
        return this;
    }

    /** Number of operations. */
    public int size() {
        return count;
    }

    public boolean isEmpty() {
        return operations.isEmpty();
    }

    /** Total bytes of the keys and values, a measure of the write's cost. */
    public long byteSize() {
        return byteSize;
    }

    /** Calls the handler once per operation, in order. */
    public void replay(Handler handler) {
        for (Operation op : operations) {
            if (op.value() == null) {
                handler.delete(op.key());
            } else {
                handler.put(op.key(), op.value());
            }
        }
    }
}
