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

        /**
         * Puts {@code puts}' entries in order. By default one {@link #put} each, with arrays made for it; a handler
         * that serializes the batch writes them into place instead.
         */
        default void putAll(Puts puts) {
            for (int i = 0; i < puts.count(); i++) {
                byte[] key = new byte[puts.keyLength()];
                byte[] value = new byte[puts.valueLength()];
                puts.writeKey(i, key, 0);
                puts.writeValue(i, value, 0);
                put(key, value);
            }
        }
    }

    /**
     * Many puts whose keys, and whose values, all have one length, written by their source straight into the
     * place the store wants them (a sync's batch of headers: thousands of puts and no array per put). The source
     * must not change while the batch may still be written.
     */
    public interface Puts {
        int count();

        int keyLength();

        int valueLength();

        /** Writes the {@code i}th key, {@link #keyLength()} bytes, at {@code offset} of {@code target}. */
        void writeKey(int i, byte[] target, int offset);

        /** Writes the {@code i}th value, {@link #valueLength()} bytes, at {@code offset} of {@code target}. */
        void writeValue(int i, byte[] target, int offset);
    }

    /** {@code value == null} means delete; {@code many}, when set, stands for its puts instead. */
    private record Operation(byte[] key, byte[] value, Puts many) {
        Operation(byte[] key, byte[] value) {
            this(key, value, null);
        }
    }

    private final List<Operation> operations = new ArrayList<>();
    private long byteSize;
    /** Puts and deletes, each of {@link #putAll}'s entries counted. */
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

    /** Adds {@code puts}' entries, in order, as puts (not copied: see {@link Puts}). */
    public WriteBatch putAll(Puts puts) {
        Objects.requireNonNull(puts, "puts");
        if (puts.count() > 0) {
            operations.add(new Operation(null, null, puts));
            count += puts.count();
            byteSize += (long) puts.count() * (puts.keyLength() + puts.valueLength());
        }
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
            if (op.many() != null) {
                handler.putAll(op.many());
            } else if (op.value() == null) {
                handler.delete(op.key());
            } else {
                handler.put(op.key(), op.value());
            }
        }
    }
}
