package dev.tributary.oplog.store;

import static dev.tributary.oplog.store.OplogStore.concat;
import static dev.tributary.oplog.store.OplogStore.longBytes;

import dev.tributary.oplog.cid.Cid;
import dev.tributary.store.ByteKeys;
import dev.tributary.store.KeyValueStore;
import dev.tributary.store.WriteBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One log's part of the {@link OplogStore} (see its layout): membership, order index, heads, count, a
 * database's key index, and the staging area of joins. Not thread-safe: its single writer (the log) serializes
 * access; the heads and the count are kept in memory, loaded when the log is opened.
 */
public final class LogStore {
    static final byte MEMBER = 'm';
    static final byte ORDER = 'o';
    static final byte HEAD = 'h';
    static final byte SIZE = 's';
    static final byte INDEX = 'k';
    static final byte LIVE = 'v';
    static final byte STAGED = 'p';
    static final byte STAGED_ORDER = 'q';

    private static final byte[] EMPTY = new byte[0];

    /** How many of the newest order keys are held in memory ({@link #newest}). */
    public static final int RECENT_KEYS = 64;

    /** A database index value: the latest operation on a key, a put or a delete, and where it is in the log. */
    public record IndexValue(boolean deleted, OrderKey at) {
    }

    /** Receives order keys, newest first; returns false to stop. */
    @FunctionalInterface
    public interface OrderVisitor {
        boolean visit(OrderKey key);
    }

    /** Receives the live keys of an index, newest first; returns false to stop. */
    @FunctionalInterface
    public interface LiveVisitor {
        boolean visit(OrderKey at, byte[] indexKey);
    }

    /** Receives staged entries, oldest first; returns false to stop. */
    @FunctionalInterface
    public interface StagedVisitor {
        boolean visit(OrderKey key, byte[] block);
    }

    private final KeyValueStore kv;
    private final String logId;
    private final long logNo;
    private final byte[] prefix;
    /** Replaced whole on each commit, so readers on other threads see one state or the next. */
    private volatile Map<Cid, OrderKey> heads = new HashMap<>();
    private volatile long size;
    private final RecentOrder recent = new RecentOrder(RECENT_KEYS, this::scanNewest);

    LogStore(KeyValueStore kv, String logId, long logNo) {
        this.kv = kv;
        this.logId = logId;
        this.logNo = logNo;
        this.prefix = concat(new byte[] {OplogStore.LOG}, longBytes(logNo));
        Map<Cid, OrderKey> loaded = new HashMap<>();
        kv.scanPrefix(key(HEAD), (k, v) -> {
            loaded.put(Cid.fromBytes(java.util.Arrays.copyOfRange(k, prefix.length + 1, k.length)), OrderKey.decode(v));
            return true;
        });
        heads = loaded;
        size = kv.get(key(SIZE)).map(OplogStore::readLong).orElse(0L);
        clearStaging();
    }

    public String logId() {
        return logId;
    }

    long logNo() {
        return logNo;
    }

    /**
     * The number of entries in the log. It only grows (entries are never removed), and moves once a write's
     * entries are visible to lookups: read before a lookup and found unchanged after it, the lookup still holds.
     */
    public long size() {
        return size;
    }

    public boolean has(Cid cid) {
        return kv.contains(key(MEMBER, cid.bytes()));
    }

    /**
     * Whether each of {@code cids} is in the log, in their order: one store lookup for all ({@link
     * KeyValueStore#getAll}), not one per entry.
     */
    public boolean[] hasAll(List<Cid> cids) {
        List<byte[]> keys = new ArrayList<>(cids.size());
        for (Cid c : cids) {
            keys.add(key(MEMBER, c.bytes()));
        }
        List<byte[]> found = kv.getAll(keys);
        boolean[] out = new boolean[cids.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = found.get(i) != null;
        }
        return out;
    }

    /** Where the entry {@code cid} is in the order, if it is in the log. */
    public Optional<OrderKey> orderKey(Cid cid) {
        return kv.get(key(MEMBER, cid.bytes())).map(OrderKey::decode);
    }

    /** The block of an entry of this log (empty if it is not a member, even when the block is stored). */
    public Optional<byte[]> entryBlock(Cid cid) {
        if (!has(cid)) {
            return Optional.empty();
        }
        return kv.get(OplogStore.blockKey(cid));
    }

    /** The heads, newest first. */
    public List<OrderKey> heads() {
        List<OrderKey> out = new ArrayList<>(heads.values());
        out.sort(java.util.Comparator.reverseOrder());
        return out;
    }

    /**
     * Visits the log's order keys newest first, starting at {@code from} (inclusive; {@code null}: the newest).
     */
    public void scanOrder(OrderKey from, OrderVisitor visitor) {
        scanOrderBytes(from == null ? null : from.encode(), visitor);
    }

    /** As {@link #scanOrder}, from a raw position (an order key, or a prefix such as {@link OrderKey#startOfTime}). */
    public void scanOrderBytes(byte[] from, OrderVisitor visitor) {
        byte[] start = from == null ? key(ORDER) : key(ORDER, from);
        kv.scan(start, ByteKeys.prefixEnd(key(ORDER)),
                (k, v) -> visitor.visit(OrderKey.decode(k, prefix.length + 1)));
    }

    /**
     * The newest {@code n} order keys, newest first (fewer if the log is shorter): the same keys as the first
     * {@code n} of {@link #scanOrder}, held in memory for {@code n} up to {@link #RECENT_KEYS}, so appends that
     * read the keys behind the heads do not scan the store.
     */
    public List<OrderKey> newest(int n) {
        if (n <= recent.capacity()) {
            return recent.newest(n);
        }
        List<OrderKey> out = new ArrayList<>(Math.min(n, 1024));
        scanOrder(null, k -> {
            out.add(k);
            return out.size() < n;
        });
        return out;
    }

    private List<OrderKey> scanNewest() {
        List<OrderKey> out = new ArrayList<>(RECENT_KEYS);
        scanOrder(null, k -> {
            out.add(k);
            return out.size() < RECENT_KEYS;
        });
        return out;
    }

    /** Receives an entry's clock time and the SHA-256 digest of its CID; returns false to stop. */
    @FunctionalInterface
    public interface DigestVisitor {
        boolean visit(long time, byte[] digest);
    }

    /**
     * Visits every entry's clock time and CID digest, newest first, read straight from the order keys without
     * building an {@link OrderKey} (a replica's reconciliation items, read when it opens). Entries' CIDs are CIDv1
     * dag-cbor sha2-256, whose last 32 bytes are the digest.
     */
    public void scanTimesAndDigests(DigestVisitor visitor) {
        int from = prefix.length + 1;
        kv.scan(key(ORDER), ByteKeys.prefixEnd(key(ORDER)), (k, v) -> {
            long t = 0;
            for (int i = 0; i < 8; i++) {
                t = (t << 8) | (k[from + i] & 0xff);
            }
            byte[] digest = new byte[32];
            int start = k.length - 32;
            for (int i = 0; i < 32; i++) {
                digest[i] = (byte) ~k[start + i];
            }
            return visitor.visit(~t, digest);
        });
    }

    /** The latest operation recorded in the database index for {@code indexKey}. */
    public Optional<IndexValue> index(byte[] indexKey) {
        return kv.get(key(INDEX, indexKey)).map(LogStore::decodeIndexValue);
    }

    /** Visits the live (latest put, not deleted) keys of the index, newest first, from {@code from} inclusive. */
    public void scanLive(OrderKey from, LiveVisitor visitor) {
        byte[] start = from == null ? key(LIVE) : key(LIVE, from.encode());
        kv.scan(start, ByteKeys.prefixEnd(key(LIVE)), (k, v) -> visitor.visit(OrderKey.decode(k, prefix.length + 1), v));
    }

    /** A batch applying entries to this log; nothing changes until {@link LogBatch#commit()}. */
    public LogBatch batch() {
        return new LogBatch();
    }

    // ---- staging ----

    /** Stages verified entries of a join in one write. */
    public void stage(List<OrderKey> keys, List<byte[]> blocks) {
        WriteBatch b = new WriteBatch();
        for (int i = 0; i < keys.size(); i++) {
            OrderKey k = keys.get(i);
            byte[] asc = k.encodeAscending();
            b.put(key(STAGED, k.cid().bytes()), asc);
            b.put(key(STAGED_ORDER, asc), blocks.get(i));
        }
        kv.write(b);
    }

    /** Where a staged entry is in the order, if {@code cid} is staged. */
    public Optional<OrderKey> staged(Cid cid) {
        return kv.get(key(STAGED, cid.bytes())).map(v -> OrderKey.decodeAscending(v, 0));
    }

    /** Visits staged entries oldest first, from {@code after} (exclusive; null: the oldest). */
    public void scanStaged(OrderKey after, StagedVisitor visitor) {
        byte[] start = after == null ? key(STAGED_ORDER) : key(STAGED_ORDER, after.encodeAscending(), new byte[] {0});
        kv.scan(start, ByteKeys.prefixEnd(key(STAGED_ORDER)),
                (k, v) -> visitor.visit(OrderKey.decodeAscending(k, prefix.length + 1), v));
    }

    /** Drops everything staged (a join rejected, or one cut short by a crash). */
    public void clearStaging() {
        for (byte kind : new byte[] {STAGED, STAGED_ORDER}) {
            List<byte[]> keys = new ArrayList<>();
            kv.scanPrefix(key(kind), (k, v) -> {
                keys.add(k);
                return keys.size() < 10_000;
            });
            while (!keys.isEmpty()) {
                WriteBatch b = new WriteBatch();
                keys.forEach(b::delete);
                kv.write(b);
                keys.clear();
                kv.scanPrefix(key(kind), (k, v) -> {
                    keys.add(k);
                    return keys.size() < 10_000;
                });
            }
        }
    }

    private byte[] key(byte kind, byte[]... rest) {
        byte[][] parts = new byte[rest.length + 2][];
        parts[0] = prefix;
        parts[1] = new byte[] {kind};
        System.arraycopy(rest, 0, parts, 2, rest.length);
        return concat(parts);
    }

    private static IndexValue decodeIndexValue(byte[] v) {
        return new IndexValue(v[0] == 'D', OrderKey.decode(v, 1));
    }

    private static byte[] encodeIndexValue(IndexValue value) {
        return concat(new byte[] {(byte) (value.deleted() ? 'D' : 'P')}, value.at().encode());
    }

    /**
     * Entries applied together in one atomic write, each after its parents: block, membership, order key, heads,
     * count and index changes. Reads through the batch ({@link #index}, {@code isHead}) see its own pending
     * changes.
     */
    public final class LogBatch {
        private final WriteBatch batch = new WriteBatch();
        private final Map<Cid, OrderKey> newHeads = new HashMap<>(heads);
        private final Map<ByteKey, IndexValue> pendingIndex = new HashMap<>();
        private final List<OrderKey> added = new ArrayList<>();
        private long newSize = size;

        private LogBatch() {
        }

        /**
         * Adds an entry whose parents ({@code next}) are all in the log or earlier in this batch. Removes it from
         * the staging area if it was staged. The batch takes {@code block} as it is, without a copy: the caller
         * hands it over and must not modify it afterwards.
         */
        public LogBatch add(OrderKey key, byte[] block, List<Cid> next, boolean staged) {
            byte[] cid = key.cid().bytes();
            byte[] order = key.encode();
            // keys built here, and the block handed over: the batch keeps them without copying
            batch.putOwned(OplogStore.blockKey(key.cid()), block);
            batch.putOwned(key(MEMBER, cid), order);
            batch.putOwned(key(ORDER, order), EMPTY);
            for (Cid parent : next) {
                newHeads.remove(parent);
            }
            newHeads.put(key.cid(), key);
            newSize++;
            if (staged) {
                byte[] asc = key.encodeAscending();
                batch.delete(key(STAGED, cid));
                batch.delete(key(STAGED_ORDER, asc));
            }
            added.add(key);
            return this;
        }

        /** The index value of {@code indexKey}, this batch's pending changes included. */
        public Optional<IndexValue> index(byte[] indexKey) {
            IndexValue pending = pendingIndex.get(new ByteKey(indexKey));
            return pending != null ? Optional.of(pending) : LogStore.this.index(indexKey);
        }

        /** Records the latest operation on {@code indexKey}, keeping the live view in step. */
        public LogBatch setIndex(byte[] indexKey, IndexValue value) {
            Optional<IndexValue> previous = index(indexKey);
            if (previous.isPresent() && !previous.get().deleted()) {
                batch.delete(key(LIVE, previous.get().at().encode()));
            }
            if (!value.deleted()) {
                batch.put(key(LIVE, value.at().encode()), indexKey);
            }
            batch.put(key(INDEX, indexKey), encodeIndexValue(value));
            pendingIndex.put(new ByteKey(indexKey.clone()), value);
            return this;
        }

        /** Entries added so far, in the order they were added. */
        public List<OrderKey> added() {
            return added;
        }

        public boolean isEmpty() {
            return added.isEmpty();
        }

        /** Bytes this batch will write, to cut a long join into batches of bounded size. */
        public long byteSize() {
            return batch.byteSize();
        }

        /**
         * Writes the batch atomically; the log's heads and count change with it. The heads and the count are written
         * once here, as the difference from the heads before the batch, not once per entry added.
         */
        public void commit() {
            if (!added.isEmpty()) {
                Map<Cid, OrderKey> before = heads;
                for (Cid old : before.keySet()) {
                    if (!newHeads.containsKey(old)) {
                        batch.delete(key(HEAD, old.bytes()));
                    }
                }
                for (Map.Entry<Cid, OrderKey> h : newHeads.entrySet()) {
                    if (!before.containsKey(h.getKey())) {
                        batch.put(key(HEAD, h.getKey().bytes()), h.getValue().encode());
                    }
                }
                batch.put(key(SIZE), longBytes(newSize));
            }
            kv.write(batch);
            heads = newHeads;
            size = newSize;
            recent.added(added);
        }
    }

    /** A byte array as a map key. */
    private record ByteKey(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ByteKey other && java.util.Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }
    }

    @Override
    public String toString() {
        return "log " + logId;
    }
}
