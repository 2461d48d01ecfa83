package dev.tributary.chain.store;

import dev.tributary.engine.StageTimes;
import static dev.tributary.chain.store.ChainStoreLayout.BLOCK_TIP;
import static dev.tributary.chain.store.ChainStoreLayout.FORMAT_VERSION;
import static dev.tributary.chain.store.ChainStoreLayout.FORMAT_VERSION_HASH_KEYED;
import static dev.tributary.chain.store.ChainStoreLayout.MAIN_TIP;
import static dev.tributary.chain.store.ChainStoreLayout.META_PREFIX;
import static dev.tributary.chain.store.ChainStoreLayout.NETWORK;
import static dev.tributary.chain.store.ChainStoreLayout.VERSION;
import static dev.tributary.chain.store.ChainStoreLayout.blockKey;
import static dev.tributary.chain.store.ChainStoreLayout.presenceKey;

import dev.tributary.bytes.Hash;
import dev.tributary.bytes.Sha256;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.store.KeyValueStore;
import dev.tributary.store.StoreException;
import dev.tributary.store.WriteBatch;
import dev.tributary.chain.BlockHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link SyncPersist} over any {@link KeyValueStore}: each call is one read or one atomic write (a
 * {@link WriteBatch}), so the store's atomicity is the contract's.
 *
 * <h2>Layout (format version 3)</h2>
 * One byte of prefix, then the rest of the key; hashes in internal (wire) byte order. Integers are
 * big-endian.
 * <pre>
 *  key                                           value
 *  'b' (0x62) | hash (32)                        block: its full serialization, witness data included (80 + n bytes)
 *  'g' (0x67) | height (4) | hash (32) | n (2)   header segment ({@link HeaderSegments}): n (1 to 32) consecutive
 *                                                headers from this height, the first of this hash, each the child of
 *                                                the one before; n records of 112 bytes:
 *                                                  offset size
 *                                                    0     80  header, as on the wire
 *                                                   80     32  chain work up to and including this header,
 *                                                              unsigned 256-bit BE
 *  'i' (0x69) | hash (32)                        empty: this block is invalid (its body, or an ancestor's, failed
 *                                                validation)
 *  'm' (0x6d) | "version"                        format version, int32 BE: 3
 *  'm' (0x6d) | "network"                        the network's canonical name, UTF-8 ("mainnet", "testnet4", "regtest")
 *  'm' (0x6d) | "mainTip"                        hash (32) of the main tip; absent until first set
 *  'm' (0x6d) | "blockTip"                       hash (32) of the block tip; absent until first set
 *  'p' (0x70) | hash (32)                        the body's length, int32 BE: written in the same batch as the 'b'
 *                                                entry
 * </pre>
 * Segments are keyed by height first, so a sync, which adds headers in height order, appends to the key order:
 * RocksDB's memtable inserts next to the last key, its table files do not overlap, and opening reads the
 * headers in height order, parents before children. A save leaves out the headers the store holds already
 * (a header saved again is not stored twice) and writes the rest as segments of 32; a fork is a segment of its
 * own. A header is found by its height and hash, which every writer and checker here has
 * ({@link HeaderSyncData}): the keys of the segments starting up to 31 heights below say which one covers it;
 * {@link #getHeaderSync(Hash)}, by hash alone, scans.
 *
 * <p><b>Format 2</b> kept one entry per header ({@code 'h' | height | hash} to header and chain work): a sync
 * wrote a million store entries for a million headers. {@link #open} rewrites a format-2 store as format 3 in
 * place ({@link FormatTwoUpgrade}), keeping bodies, tips and marks. <b>Format 1</b> (hash-keyed) is refused
 * with a message saying what to do (sync again into a new data directory).
 * Segments, invalid marks and the two tips sort next to each other ('g' &lt; 'i' &lt; 'm'), so
 * {@link #loadBlockchain()} reads them in one scan of the range ['g', 'n'), one consistent snapshot,
 * without touching block bodies or 'p' entries. The 'p' entry exists so that {@link #hasBlock} need not
 * read a body: a key-value store's {@code contains} may still read the whole value (RocksDB does: about
 * 2 ms for a 1 MiB body), while a 4-byte 'p' value costs a point lookup that the Bloom filter and the
 * block cache mostly answer.
 *
 * <h2>What is checked</h2>
 * {@link #open} checks the format version and the network. Writes keep the consistency invariant of
 * {@link SyncPersist}: {@link #saveBlockchain} refuses a header whose parent is neither stored nor in the
 * same call (only the very first header of an empty store, the chain's start, may lack one);
 * {@link #setMainTip} needs a stored header; {@link #setBlockTip} and {@link #saveBlockAndSetBlockTip}
 * need a stored header and its stored body; {@link #saveBlock} checks that the body's header hashes to
 * the hash given. Each refusal is an {@link IllegalArgumentException}. That the bodies below the block tip
 * are all stored remains the caller's duty (checking it would read the chain);
 * {@link StoreConsistencyCheck} verifies it. Reads of headers and tips check every value: a value that
 * does not decode, or a segment whose headers are not the ones its key names, is a {@link StoreException}
 * naming the key: {@link #loadBlockchain} hashes every header and checks each segment's links; the block index's
 * load ({@link #loadIndex}) reads them as stored. Bodies are returned as stored.
 *
 * <h2>Crashes</h2>
 * A save of {@link #UNLOGGED_SAVE_HEADERS} headers or more (a sync's batches) is written with
 * {@link KeyValueStore#writeUnlogged}: a crash of the process may lose the last such saves, as if it had come
 * earlier, and the store reopens consistent (a prefix of the writes); the next sync fetches those headers again.
 * Smaller saves, tips alone, bodies and marks keep the store's log, and make the saves before them durable.
 *
 * <p>Thread-safe: reads go straight to the thread-safe store; writes, which check before they write, are
 * serialized by a lock.
 */
public final class KeyValueSyncPersist implements SyncPersist {
    /** Saves of at least this many headers (a sync's full batches are 2,000) are written without the store's log. */
    static final int UNLOGGED_SAVE_HEADERS = 1_000;
    private static final byte[] HEADERS_AND_META_START = {HeaderSegments.PREFIX};
    private static final byte[] HEADERS_AND_META_END = {META_PREFIX + 1};

    private final KeyValueStore store;
    private final String network;
    private final Object writeLock = new Object();

    private KeyValueSyncPersist(KeyValueStore store, String network) {
        this.store = store;
        this.network = network;
    }

    /**
     * Opens the chain store kept in {@code store} for {@code network}, recording the format version and
     * the network in an empty store. Takes ownership of {@code store}: {@link #close()} closes it, and so
     * does a failure to open.
     *
     * @param network the network's canonical name, such as "mainnet"
     * @throws IllegalStateException when the store holds another network's chain
     * @throws StoreException        when the store holds another format, or data that is not a chain store
     */
    public static KeyValueSyncPersist open(KeyValueStore store, String network) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(network, "network");
        if (network.isBlank()) {
            store.close();
            throw new IllegalArgumentException("a network name must not be blank");
        }
        try {
            checkOrInitialize(store, network);
            return new KeyValueSyncPersist(store, network);
        } catch (RuntimeException e) {
            try {
                store.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The network whose chain {@code store} holds, if it holds a chain store. */
    public static Optional<String> storedNetwork(KeyValueStore store) {
        if (store.get(VERSION).isEmpty()) {
            return Optional.empty();
        }
        return store.get(NETWORK).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /**
     * Refuses to start the chain of {@code network} in a store that holds chains, but none of {@code network}:
     * a tool or node pointed at a data directory with the wrong network would otherwise start a new, empty
     * chain beside the one there.
     *
     * @param root      the node's store
     * @param keyspaces its keyspaces before anything was opened in it
     * @throws IllegalStateException naming every network whose data the store holds (its chains first) and
     *     {@code network}
     */
    public static void refuseAnotherNetworksStore(KeyValueStore root, java.util.Collection<String> keyspaces,
            String network) {
        if (keyspaces.contains(network)) {
            return;
        }
        List<String> chains = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String name : keyspaces) {
            storedNetwork(root.keyspace(name)).ifPresent(held -> (isChainNetwork(held) ? chains : others).add(held));
        }
        if (chains.isEmpty() && others.isEmpty()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        chains.forEach(c -> parts.add("a " + c + " chain"));
        if (!others.isEmpty()) {
            parts.add(String.join(" and ", others) + " data");
        }
        throw new IllegalStateException(root + " holds " + String.join(" and ", parts) + ", not " + network);
    }

    /**
     * Whether {@code network} names one of the chain networks ({@link dev.tributary.chain.NetworkParameters#forName}):
     * a keyspace holding another network's meta entries (a DAG's store writes the same ones) is named as its data, not
     * as a chain.
     */
    private static boolean isChainNetwork(String network) {
        try {
            dev.tributary.chain.NetworkParameters.forName(network);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void checkOrInitialize(KeyValueStore store, String network) {
        Optional<byte[]> version = store.get(VERSION);
        if (version.isEmpty()) {
            boolean[] empty = {true};
            store.scanPrefix(new byte[0], (k, v) -> empty[0] = false);
            if (!empty[0]) {
                throw new StoreException(store + " holds data but no chain store format version: it is not a "
                        + "Tributary chain store");
            }
            store.write(new WriteBatch()
                    .put(VERSION, ChainStoreLayout.encodeInt(FORMAT_VERSION))
                    .put(NETWORK, network.getBytes(StandardCharsets.UTF_8)));
            return;
        }
        int found = ChainStoreLayout.decodeInt(store, VERSION, version.get());
        if (found == FORMAT_VERSION_HASH_KEYED) {
            throw new StoreException(store + " holds a chain store of format 1, written by an earlier version of "
                    + "Tributary; this version keeps headers by height (format " + FORMAT_VERSION + ") and cannot read "
                    + "it. Sync again into a new data directory (or delete this one's store directory); the headers "
                    + "are fetched again from peers");
        }
        if (found != FORMAT_VERSION && found != FormatTwoUpgrade.VERSION) {
            throw new StoreException(store + " holds a chain store of format version " + found
                    + "; this version of Tributary reads format " + FORMAT_VERSION + " only");
        }
        byte[] stored = store.get(NETWORK)
                .orElseThrow(() -> ChainStoreLayout.corrupt(store, NETWORK, "is missing"));
        String storedNetwork = new String(stored, StandardCharsets.UTF_8);
        if (!storedNetwork.equals(network)) {
            throw new IllegalStateException(store + " holds a " + storedNetwork + " chain, not " + network);
        }
        if (found == FormatTwoUpgrade.VERSION) {
            try {
                FormatTwoUpgrade.run(store);
            } catch (StoreException e) {
                throw new StoreException(store + " holds a chain store of format 2, written by an earlier version of "
                        + "Tributary, and it could not be rewritten as format " + FORMAT_VERSION + ": " + e.getMessage()
                        + " (a command that writes, such as node, sync or import, rewrites it when it opens it)", e);
            }
        } else {
            FormatTwoUpgrade.removeLeftovers(store);
        }
    }

    /** The network this store holds, as recorded when it was created. */
    public String network() {
        return network;
    }

    /**
     * Writes all headers in one batch, after checking that each one's parent is stored or among
     * {@code headers} (see the class comment for the start header's exception).
     */
    @Override
    public void saveBlockchain(List<HeaderSyncData> headers) {
        save(headers, null);
    }

    /** Writes the headers and the main tip in one batch, as one atomic write. */
    @Override
    public void saveBlockchainAndSetMainTip(List<HeaderSyncData> headers, HeaderSyncData newTip) {
        save(headers, Objects.requireNonNull(newTip, "newTip"));
    }

    private void save(List<HeaderSyncData> headers, HeaderSyncData newTip) {
        Objects.requireNonNull(headers, "headers");
        if (headers.isEmpty() && newTip == null) {
            return;
        }
        long start = StageTimes.COUNTERS.start();
        WriteBatch batch = new WriteBatch();
        synchronized (writeLock) {
            // Headers the store holds already are left out. A pass's headers follow each other: then only the
            // first needs a parent outside the batch, and no set of the batch's hashes is built.
            boolean linked = HeaderSegmentWriter.put(headers, batch, store);
            Set<Hash> inBatch;
            if (linked) {
                inBatch = headers.isEmpty() ? Set.of() : Set.of(headers.get(0).hash());
            } else {
                inBatch = new HashSet<>(headers.size() * 2);
                headers.forEach(h -> inBatch.add(h.hash()));
            }
            checkParentsKnown(linked && headers.size() > 1 ? headers.subList(0, 1) : headers, inBatch);
            if (newTip != null) {
                Hash tipHash = newTip.hash();
                if (!(linked ? !headers.isEmpty() && headers.get(headers.size() - 1).hash().equals(tipHash)
                        || headers.stream().anyMatch(h -> h.hash().equals(tipHash)) : inBatch.contains(tipHash))) {
                    requireHeader(newTip, "main tip");
                }
                batch.put(MAIN_TIP, tipHash.toBytes());
            }
            if (headers.size() >= UNLOGGED_SAVE_HEADERS) {
                store.writeUnlogged(batch); // a sync's bulk: a crash may lose it, never an earlier save without it
            } else {
                store.write(batch);
            }
        }
        StageTimes.COUNTERS.record(StageTimes.Stage.STORE, start, headers.size());
    }

    private void checkParentsKnown(List<HeaderSyncData> headers, Set<Hash> inBatch) {
        Boolean storeHasHeaders = null;
        HeaderSyncData start = null;
        for (HeaderSyncData h : headers) {
            if (inBatch.contains(h.prevHash()) || h.height() > 0 && hasHeader(h.height() - 1, h.prevHash())
                    || hasHeader(h.height(), h.hash())) {
                continue; // parent known, or a header stored before (with its parent, or as the start)
            }
            if (storeHasHeaders == null) {
                storeHasHeaders = hasAnyHeader();
            }
            if (storeHasHeaders || (start != null && !start.hash().equals(h.hash()))) {
                throw new IllegalArgumentException("header " + h.hash() + " at height " + h.height()
                        + ": its parent " + h.prevHash() + " is neither stored nor in the same save"
                        + (start != null ? " (" + start.hash() + " is already the chain's start)" : ""));
            }
            start = h;
        }
    }

    /**
     * How many block bodies the store holds: one scan of the 4-byte 'p' entries, which reads no body. For a count at
     * open; it takes a moment for a store of many blocks.
     */
    public long countBlocks() {
        long[] count = {0};
        store.scanPrefix(new byte[] {ChainStoreLayout.PRESENCE_PREFIX}, (k, v) -> {
            count[0]++;
            return true;
        });
        return count[0];
    }

    private boolean hasAnyHeader() {
        boolean[] found = {false};
        store.scanPrefix(new byte[] {HeaderSegments.PREFIX}, (k, v) -> {
            found[0] = true;
            return false;
        });
        return found[0];
    }

    /** Whether the header {@code hash} is stored at {@code height}: a look at the segments that may hold it. */
    private boolean hasHeader(int height, Hash hash) {
        if (height < 0) {
            return false;
        }
        boolean[] found = {false};
        byte[][] range = HeaderSegments.rangeHolding(height);
        store.scanKeys(range[0], range[1], key -> {
            if (!HeaderSegments.isKey(key) || !HeaderSegments.covers(key, height)) {
                return true;
            }
            if (height == ChainStoreLayout.keyHeight(key)) {
                found[0] = HeaderSegments.startsWith(key, hash); // the value is not needed
            } else {
                found[0] = segmentHolds(key, store.get(key).orElse(null), height, hash);
            }
            return !found[0];
        });
        return found[0];
    }

    /**
     * Whether the segment of {@code key}, whose value is {@code value} (null when it is gone), holds the header
     * {@code hash} at {@code height}. A segment of the wrong shape is not "not found": it is reported as corrupt.
     */
    private boolean segmentHolds(byte[] key, byte[] value, int height, Hash hash) {
        if (value == null) {
            return false;
        }
        HeaderSegments.check(store, key, value);
        return HeaderSegments.holds(key, value, height, hash);
    }

    /** Reads every header and both tips in one scan of the store's consistent snapshot. */
    @Override
    public StoredChain loadBlockchain() {
        List<HeaderSyncData> headers = new ArrayList<>();
        Set<Hash> invalid = new HashSet<>();
        Hash[] tips = new Hash[2];
        store.scan(HEADERS_AND_META_START, HEADERS_AND_META_END, (key, value) -> {
            if (key[0] == HeaderSegments.PREFIX) {
                HeaderSegments.decode(store, key, value, headers::add);
            } else if (key[0] == ChainStoreLayout.INVALID_PREFIX && key.length == 33) {
                invalid.add(Hash.wrap(key, 1));
            } else if (Arrays.equals(key, MAIN_TIP)) {
                tips[0] = ChainStoreLayout.decodeHash(store, key, value);
            } else if (Arrays.equals(key, BLOCK_TIP)) {
                tips[1] = ChainStoreLayout.decodeHash(store, key, value);
            }
            return true;
        });
        return new StoredChain(headers, Optional.ofNullable(tips[0]), Optional.ofNullable(tips[1]), invalid);
    }

    /**
     * Streams every header entry to {@code loader} as bytes (the hash from the key, header, height and work
     * from the value; nothing is rehashed), with the tips and invalid marks, in one scan.
     */
    @Override
    public StoredChain loadIndex(dev.tributary.chain.BlockIndexLoader loader) {
        Set<Hash> invalid = new HashSet<>();
        Hash[] tips = new Hash[2];
        store.scan(HEADERS_AND_META_START, HEADERS_AND_META_END, (key, value) -> {
            if (key[0] == HeaderSegments.PREFIX) {
                HeaderSegments.load(store, key, value, loader);
            } else if (key[0] == ChainStoreLayout.INVALID_PREFIX && key.length == 33) {
                invalid.add(Hash.wrap(key, 1));
            } else if (Arrays.equals(key, MAIN_TIP)) {
                tips[0] = ChainStoreLayout.decodeHash(store, key, value);
            } else if (Arrays.equals(key, BLOCK_TIP)) {
                tips[1] = ChainStoreLayout.decodeHash(store, key, value);
            }
            return true;
        });
        return new StoredChain(List.of(), Optional.ofNullable(tips[0]), Optional.ofNullable(tips[1]), invalid);
    }

    /** @throws IllegalArgumentException unless {@code block}'s header is stored */
    @Override
    public void markInvalid(HeaderSyncData block) {
        Objects.requireNonNull(block, "block");
        synchronized (writeLock) {
            if (!hasHeader(block.height(), block.hash())) {
                throw new IllegalArgumentException("cannot mark " + block.hash() + " invalid: its header is not stored");
            }
            store.put(ChainStoreLayout.invalidKey(block.hash()), new byte[0]);
        }
    }

    @Override
    public void setMainTip(HeaderSyncData newTip) {
        Objects.requireNonNull(newTip, "newTip");
        synchronized (writeLock) {
            requireHeader(newTip, "main tip");
            store.put(MAIN_TIP, newTip.hash().toBytes());
        }
    }

    /** @throws IllegalArgumentException unless {@code newTip}'s header and body are stored */
    @Override
    public void setBlockTip(HeaderSyncData newTip) {
        Objects.requireNonNull(newTip, "newTip");
        synchronized (writeLock) {
            requireHeader(newTip, "block tip");
            if (!hasBlock(newTip.hash())) {
                throw new IllegalArgumentException("cannot make " + newTip.hash() + " the block tip: its body is not stored");
            }
            store.put(BLOCK_TIP, newTip.hash().toBytes());
        }
    }

    /** Needs the entry's header stored at the entry's height (a header entry is found by height and hash). */
    private void requireHeader(HeaderSyncData entry, String role) {
        if (!hasHeader(entry.height(), entry.hash())) {
            throw new IllegalArgumentException("cannot make " + entry.hash() + " the " + role + ": its header is not stored");
        }
    }

    /** Scans the header entries for {@code hash}: for tools and tests (headers are keyed by height first). */
    @Override
    public Optional<HeaderSyncData> getHeaderSync(Hash hash) {
        Objects.requireNonNull(hash, "hash");
        HeaderSyncData[] found = {null};
        store.scanPrefix(new byte[] {HeaderSegments.PREFIX}, (key, value) -> {
            HeaderSegments.check(store, key, value);
            int i = HeaderSegments.find(key, value, hash);
            if (i >= 0) {
                List<HeaderSyncData> all = new ArrayList<>();
                HeaderSegments.decode(store, key, value, all::add);
                found[0] = all.get(i);
                return false;
            }
            return true;
        });
        return Optional.ofNullable(found[0]);
    }

    /** @throws IllegalArgumentException unless the block's header hashes to {@code hash} */
    @Override
    public void saveBlock(Hash hash, byte[] serializedBlock) {
        requireBlockHashes(hash, serializedBlock);
        store.write(putBlock(new WriteBatch(), hash, serializedBlock));
    }

    private static WriteBatch putBlock(WriteBatch batch, Hash hash, byte[] serializedBlock) {
        return batch.put(blockKey(hash), serializedBlock)
                .put(presenceKey(hash), ChainStoreLayout.encodeInt(serializedBlock.length));
    }

    /**
     * @throws IllegalArgumentException unless the block's header hashes to {@code hash}, and
     *                                  {@code newBlockTip}'s header is stored and its body is stored or
     *                                  is this block
     */
    @Override
    public void saveBlockAndSetBlockTip(Hash hash, byte[] serializedBlock, HeaderSyncData newBlockTip) {
        Objects.requireNonNull(newBlockTip, "newBlockTip");
        requireBlockHashes(hash, serializedBlock);
        WriteBatch batch = putBlock(new WriteBatch(), hash, serializedBlock).put(BLOCK_TIP, newBlockTip.hash().toBytes());
        synchronized (writeLock) {
            requireHeader(newBlockTip, "block tip");
            if (!newBlockTip.hash().equals(hash) && !hasBlock(newBlockTip.hash())) {
                throw new IllegalArgumentException("cannot make " + newBlockTip.hash() + " the block tip: its body is not "
                        + "stored");
            }
            store.write(batch);
        }
    }

    private static void requireBlockHashes(Hash hash, byte[] serializedBlock) {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(serializedBlock, "serializedBlock");
        if (serializedBlock.length < BlockHeader.SIZE) {
            throw new IllegalArgumentException("block " + hash + " has " + serializedBlock.length
                    + " bytes, less than a header");
        }
        Hash actual = Sha256.sha256d(serializedBlock, 0, BlockHeader.SIZE);
        if (!actual.equals(hash)) {
            throw new IllegalArgumentException("the block given for " + hash + " is block " + actual);
        }
    }

    @Override
    public Optional<byte[]> getBlock(Hash hash) {
        return store.get(blockKey(hash));
    }

    /** Looks up the block's small 'p' entry, not its body. */
    @Override
    public boolean hasBlock(Hash hash) {
        return store.contains(presenceKey(hash));
    }

    /** Closes the underlying store. */
    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return "chain store for " + network + " in " + store;
    }
}
