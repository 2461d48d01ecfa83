package dev.tributary.oplog.store;

import dev.tributary.oplog.cid.Cid;
import dev.tributary.store.KeyValueStore;
import dev.tributary.store.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where operation logs and their databases live: one keyspace, {@value #KEYSPACE}, of a {@link KeyValueStore}.
 *
 * <p>Layout (every number big-endian; {@code logNo} is 8 bytes, given to a log id the first time it is used):
 * <pre>
 *   'B' cid                      -&gt; block bytes          entries, identities, manifests, access-controller manifests
 *   'N'                          -&gt; next log number (8 bytes)
 *   'A' log id (UTF-8)           -&gt; logNo                the log of a database address (or any log id)
 *   'D' logNo                    -&gt; database descriptor  (dag-cbor, written by the databases; {@link #databases()})
 *   'L' logNo 'm' cid            -&gt; order key            membership: the entry is in the log
 *   'L' logNo 'o' order key      -&gt; (empty)              the order index, newest first ({@link OrderKey})
 *   'L' logNo 'h' cid            -&gt; order key            the heads
 *   'L' logNo 's'                -&gt; entry count (8 bytes)
 *   'L' logNo 'k' index key      -&gt; op (1 byte) order key   a database's index: key -&gt; its latest operation
 *   'L' logNo 'v' order key      -&gt; index key            the live keys of that index, newest first
 *   'L' logNo 'p' cid            -&gt; ascending order key  staging of a join: fetched and verified, not yet applied
 *   'L' logNo 'q' asc. order key -&gt; block bytes          the same, oldest first, for applying parents first
 * </pre>
 *
 * <p>Invariants, kept by writing applied entries (their blocks, membership, order keys and index changes, then the
 * heads and the count as they stand after them, once per write) in one {@link WriteBatch}, parents before children:
 * every entry in a log has all its {@code next}
 * entries in the log; the heads are exactly the entries no other entry of the log names in {@code next}; the count
 * is the number of members; the index reflects exactly the members. A crash therefore leaves a log that is a
 * consistent prefix of what was being joined. Staging keys left by a crash are dropped when the log is opened.
 */
public final class OplogStore implements AutoCloseable {
    /** The name of the keyspace. */
    public static final String KEYSPACE = "oplog";

    static final byte BLOCK = 'B';
    static final byte NEXT_LOG = 'N';
    static final byte LOG_BY_ID = 'A';
    static final byte DATABASE = 'D';
    static final byte LOG = 'L';

    private final KeyValueStore kv;
    private final Map<String, LogStore> logs = new ConcurrentHashMap<>();

    private OplogStore(KeyValueStore kv) {
        this.kv = kv;
    }

    /** The oplog keyspace of {@code store}; closing the result closes that keyspace only. */
    public static OplogStore on(KeyValueStore store) {
        return new OplogStore(store.keyspace(KEYSPACE));
    }

    /** The keyspace itself, for the few readers that need a raw view (tests, tools). */
    public KeyValueStore keyValueStore() {
        return kv;
    }

    /** The block stored under {@code cid}, if any. */
    public Optional<byte[]> block(Cid cid) {
        return kv.get(blockKey(cid));
    }

    /** The blocks stored under {@code cids}, in their order, null for those absent: one store lookup for all. */
    public List<byte[]> blocks(List<Cid> cids) {
        List<byte[]> keys = new ArrayList<>(cids.size());
        for (Cid c : cids) {
            keys.add(blockKey(c));
        }
        return kv.getAll(keys);
    }

    public boolean hasBlock(Cid cid) {
        return kv.contains(blockKey(cid));
    }

    /** Stores a block (an identity, a manifest) that is not a log entry. The caller checked that it hashes to cid. */
    public void putBlock(Cid cid, byte[] block) {
        kv.put(blockKey(cid), block);
    }

    static byte[] blockKey(Cid cid) {
        return concat(new byte[] {BLOCK}, cid.bytes());
    }

    /** The log with this id, created (empty) if it does not exist yet. One instance per id. */
    public synchronized LogStore log(String logId) {
        Objects.requireNonNull(logId, "logId");
        LogStore existing = logs.get(logId);
        if (existing != null) {
            return existing;
        }
        byte[] idKey = concat(new byte[] {LOG_BY_ID}, logId.getBytes(StandardCharsets.UTF_8));
        long logNo;
        Optional<byte[]> known = kv.get(idKey);
        if (known.isPresent()) {
            logNo = readLong(known.get());
        } else {
            logNo = kv.get(new byte[] {NEXT_LOG}).map(OplogStore::readLong).orElse(1L);
            kv.write(new WriteBatch().put(new byte[] {NEXT_LOG}, longBytes(logNo + 1)).put(idKey, longBytes(logNo)));
        }
        LogStore log = new LogStore(kv, logId, logNo);
        logs.put(logId, log);
        return log;
    }

    /** Whether a log with this id has ever been created here. */
    public boolean hasLog(String logId) {
        return logs.containsKey(logId)
                || kv.contains(concat(new byte[] {LOG_BY_ID}, logId.getBytes(StandardCharsets.UTF_8)));
    }

    /** Records (or replaces) the descriptor of the database kept in {@code log}. */
    public void putDatabase(LogStore log, byte[] descriptor) {
        kv.put(databaseKey(log.logNo()), descriptor);
    }

    /** The descriptor of the database kept in {@code log}, if one was recorded. */
    public Optional<byte[]> database(LogStore log) {
        return kv.get(databaseKey(log.logNo()));
    }

    /** Every database descriptor, in the order the databases were created. */
    public List<byte[]> databases() {
        List<byte[]> out = new ArrayList<>();
        kv.scanPrefix(new byte[] {DATABASE}, (k, v) -> out.add(v));
        return out;
    }

    private static byte[] databaseKey(long logNo) {
        return concat(new byte[] {DATABASE}, longBytes(logNo));
    }

    @Override
    public void close() {
        kv.close();
    }

    @Override
    public String toString() {
        return "oplog store in " + kv;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (56 - 8 * i));
        }
        return b;
    }

    static long readLong(byte[] b) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }
}
