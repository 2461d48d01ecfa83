package dev.tributary.dag.store;

import dev.tributary.dag.BlockAtHeight;
import dev.tributary.dag.DagBlock;
import dev.tributary.dag.DagHeader;
import dev.tributary.dag.DagIndex;
import dev.tributary.dag.DagParameters;
import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.Hash;
import dev.tributary.bytes.MalformedDataException;
import dev.tributary.store.KeyValueStore;
import dev.tributary.store.StoreException;
import dev.tributary.store.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps a BlockDAG in a {@link KeyValueStore}: each block and its index entry are written in one atomic
 * batch, and {@link #load()} rebuilds the same {@link DagIndex} (hence the same {@link dev.tributary.dag.DagState}) from the
 * headers alone; bodies are read when asked for ({@link #block}).
 *
 * <h2>Layout (format version 1)</h2>
 * One byte of prefix, then the rest of the key. Integers are big-endian.
 * <pre>
 *  key                                          value
 *  'b' (0x62) | hash (32, internal order)       the block's serialization
 *  'm' (0x6d) | "version"                       format version, int32 BE: 1
 *  'm' (0x6d) | "network"                       the network's name, UTF-8 ("dagtest")
 *  'o' (0x6f) | height (int32 BE) | hash (32, display order)
 *                                               the block's header ({@link DagHeader}, 53 + 32n bytes), or
 *                                               empty: the block's place in the canonical order
 * </pre>
 * The 'o' keys hold the hash in display order (reversed), so that their byte order is the canonical order
 * (height, then {@link Hash#compareTo}); a scan of 'o' lists every block after its parents, which is how
 * {@link #load()} rebuilds the index without sorting. The 'o' value is the block's header, a copy of the
 * first bytes of its body, so that the scan alone rebuilds the index without reading a body. Stores written
 * before the header was copied there have empty 'o' values; for those entries {@link #load()} parses the
 * header at the start of the body and skips the transactions. Either way the format stays version 1: older
 * readers ignore the 'o' values, and this one reads both. {@link #open} writes the meta entries and genesis
 * into an empty store, in one batch.
 *
 * <p>{@link #save} does not check parents: the caller saves a block once {@link DagIndex#add} accepted
 * it. {@link #load()} checks every header (one that does not decode, hashes to another key or has another
 * height, or whose parent is absent: {@link DagIndex#add}'s checks) and throws {@link StoreException} naming
 * it; it does not decode the transactions. {@link #block} checks a body when it is read (it decodes and
 * hashes to its key). Thread-safe as far as the store is; one writer is expected (the engine thread).
 */
public final class DagStore {
    static final byte BLOCK_PREFIX = 'b';
    static final byte META_PREFIX = 'm';
    static final byte ORDER_PREFIX = 'o';
    static final int FORMAT_VERSION = 1;
    private static final byte[] VERSION_KEY = metaKey("version");
    private static final byte[] NETWORK_KEY = metaKey("network");

    private final KeyValueStore store;
    private final DagParameters params;

    private DagStore(KeyValueStore store, DagParameters params) {
        this.store = store;
        this.params = params;
    }

    /**
     * Opens the DAG kept in {@code store}, initialising an empty store with the network's genesis.
     *
     * @throws IllegalStateException when the store holds another network's DAG or another format
     */
    public static DagStore open(KeyValueStore store, DagParameters params) {
        Optional<byte[]> network = store.get(NETWORK_KEY);
        if (network.isEmpty()) {
            DagBlock genesis = params.genesisBlock();
            WriteBatch batch = new WriteBatch()
                    .put(VERSION_KEY, ByteBuffer.allocate(4).putInt(FORMAT_VERSION).array())
                    .put(NETWORK_KEY, params.name().getBytes(StandardCharsets.UTF_8));
            putBlock(batch, genesis);
            store.write(batch);
        } else {
            String name = new String(network.get(), StandardCharsets.UTF_8);
            if (!name.equals(params.name())) {
                throw new IllegalStateException(store + " holds a " + name + " DAG, not " + params.name());
            }
            int version = store.get(VERSION_KEY).filter(v -> v.length == 4).map(v -> ByteBuffer.wrap(v).getInt()).orElse(-1);
            if (version != FORMAT_VERSION) {
                throw new IllegalStateException(store + " has DAG format " + version + ", not " + FORMAT_VERSION);
            }
        }
        return new DagStore(store, params);
    }

    /**
     * Opens the DAG that {@code store} already holds (as a stopped node left it), writing nothing.
     *
     * @throws IllegalStateException when the store holds no DAG, another network's or another format
     */
    public static DagStore openExisting(KeyValueStore store, DagParameters params) {
        if (!store.contains(NETWORK_KEY)) {
            throw new IllegalStateException(store + " holds no DAG");
        }
        return open(store, params);
    }

    /** Writes {@code block} and its canonical-order entry in one atomic batch; saving it again changes nothing. */
    public void save(DagBlock block) {
        WriteBatch batch = new WriteBatch();
        putBlock(batch, block);
        store.write(batch);
    }

    private static void putBlock(WriteBatch batch, DagBlock block) {
        batch.put(blockKey(block.hash()), block.serialize()).put(orderKey(BlockAtHeight.of(block)), block.header().serialize());
    }

    public boolean contains(Hash hash) {
        return store.contains(blockKey(hash));
    }

    /**
     * The stored block, or empty.
     *
     * @throws StoreException when the stored body does not decode or hashes to another block
     */
    public Optional<DagBlock> block(Hash hash) {
        return store.get(blockKey(hash)).map(bytes -> decode(hash, bytes));
    }

    /**
     * Rebuilds the DAG from the store: every block's header, added in canonical order. Reads one scan of the
     * 'o' entries, and a body only for an entry without its header (written before headers were copied
     * there); transactions are never decoded.
     *
     * @throws StoreException when an entry does not decode or the headers do not form a DAG from this
     *                        network's genesis
     */
    public DagIndex load() {
        DagIndex dag = DagIndex.create(params);
        boolean[] first = {true};
        store.scanPrefix(new byte[] {ORDER_PREFIX}, (key, value) -> {
            BlockAtHeight entry = decodeOrderKey(key);
            if (first[0]) {
                first[0] = false;
                if (!entry.hash().equals(params.genesisHash())) {
                    throw new StoreException(store + ": the first block is not the " + params.name() + " genesis");
                }
                return true;
            }
            DagHeader header = header(entry, value);
            if (header.height() != entry.height()) {
                throw new StoreException(store + ": block " + entry.hash() + " has height " + header.height()
                        + ", its order entry " + entry.height());
            }
            try {
                dag.add(header);
            } catch (IllegalArgumentException e) {
                throw new StoreException(store + ": stored block breaks the DAG rules: " + e.getMessage());
            }
            return true;
        });
        if (first[0]) {
            throw new StoreException(store + ": the first block is not the " + params.name() + " genesis");
        }
        return dag;
    }

    /**
     * The header of an order entry: its value, or when that is empty (an entry written before headers were
     * copied there) the start of the body.
     */
    private DagHeader header(BlockAtHeight entry, byte[] orderValue) {
        DagHeader header;
        try {
            if (orderValue.length > 0) {
                header = DagHeader.parse(orderValue);
            } else {
                byte[] body = store.get(blockKey(entry.hash()))
                        .orElseThrow(() -> new StoreException(store + ": no body for ordered block " + entry));
                header = DagHeader.read(new ByteReader(body));
            }
        } catch (MalformedDataException e) {
            throw new StoreException(store + ": block " + entry.hash() + " does not decode: " + e.getMessage());
        }
        if (!header.hash().equals(entry.hash())) {
            throw new StoreException(store + ": the header under " + entry.hash() + " hashes to " + header.hash());
        }
        return header;
    }

    private DagBlock decode(Hash hash, byte[] bytes) {
        DagBlock block;
        try {
            block = DagBlock.parse(bytes);
        } catch (MalformedDataException e) {
            throw new StoreException(store + ": block " + hash + " does not decode: " + e.getMessage());
        }
        if (!block.hash().equals(hash)) {
            throw new StoreException(store + ": the body under " + hash + " hashes to " + block.hash());
        }
        return block;
    }

    static byte[] blockKey(Hash hash) {
        byte[] key = new byte[1 + Hash.LENGTH];
        key[0] = BLOCK_PREFIX;
        hash.copyTo(key, 1);
        return key;
    }

    static byte[] orderKey(BlockAtHeight b) {
        ByteBuffer key = ByteBuffer.allocate(1 + 4 + Hash.LENGTH).put(ORDER_PREFIX).putInt(b.height());
        for (int i = Hash.LENGTH - 1; i >= 0; i--) {
            key.put(b.hash().byteAt(i));
        }
        return key.array();
    }

    BlockAtHeight decodeOrderKey(byte[] key) {
        if (key.length != 1 + 4 + Hash.LENGTH) {
            throw new StoreException(store + ": order key of " + key.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(key, 1, key.length - 1);
        int height = in.getInt();
        byte[] internal = new byte[Hash.LENGTH];
        for (int i = Hash.LENGTH - 1; i >= 0; i--) {
            internal[i] = in.get();
        }
        if (height < 0) {
            throw new StoreException(store + ": order key with negative height " + height);
        }
        return new BlockAtHeight(Hash.wrap(internal), height);
    }

    private static byte[] metaKey(String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        byte[] key = new byte[1 + n.length];
        key[0] = META_PREFIX;
        System.arraycopy(n, 0, key, 1, n.length);
        return key;
    }
}
