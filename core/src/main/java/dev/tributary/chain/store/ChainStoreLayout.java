package dev.tributary.chain.store;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.store.ByteKeys;
import dev.tributary.store.StoreException;
import dev.tributary.chain.BlockHeader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The keys and values of {@link KeyValueSyncPersist}'s layout (drawn in its Javadoc): building them, and
 * decoding them with a {@link StoreException} that names the store and the key when a value is not what
 * the layout says. {@code store} parameters are only used in those messages.
 */
final class ChainStoreLayout {
    /** The layout this code writes and reads; stored under {@link #VERSION}. */
    static final int FORMAT_VERSION = 3;
    /** The layout before headers were keyed by height: refused at open, with what to do. */
    static final int FORMAT_VERSION_HASH_KEYED = 1;

    static final byte HEADER_PREFIX = 'h';
    static final byte BLOCK_PREFIX = 'b';
    static final byte PRESENCE_PREFIX = 'p';
    static final byte META_PREFIX = 'm';
    static final byte INVALID_PREFIX = 'i';

    static final byte[] VERSION = metaKey("version");
    static final byte[] NETWORK = metaKey("network");
    static final byte[] MAIN_TIP = metaKey("mainTip");
    static final byte[] BLOCK_TIP = metaKey("blockTip");

    /** A header entry's value: the header, then its chain work. */
    static final int HEADER_VALUE_SIZE = BlockHeader.SIZE + 32;
    private static final int HASH_KEY_SIZE = 1 + Hash.LENGTH;
    /** A header entry's key: the prefix, the height, the hash. */
    static final int HEADER_KEY_SIZE = 1 + 4 + Hash.LENGTH;
    static final int HEADER_KEY_HASH = 5;
    private static final int WORK_OFFSET = BlockHeader.SIZE;

    private ChainStoreLayout() {
    }

    static byte[] metaKey(String name) {
        byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
        byte[] key = new byte[1 + ascii.length];
        key[0] = META_PREFIX;
        System.arraycopy(ascii, 0, key, 1, ascii.length);
        return key;
    }

    /** The height in a segment's (or a format-2 header's) key, its shape checked by the caller. */
    static int keyHeight(byte[] key) {
        return (key[1] & 0xff) << 24 | (key[2] & 0xff) << 16 | (key[3] & 0xff) << 8 | (key[4] & 0xff);
    }

    static byte[] blockKey(Hash hash) {
        return hashKey(BLOCK_PREFIX, hash);
    }

    static byte[] invalidKey(Hash hash) {
        return hashKey(INVALID_PREFIX, hash);
    }

    static byte[] presenceKey(Hash hash) {
        return hashKey(PRESENCE_PREFIX, hash);
    }

    private static byte[] hashKey(byte prefix, Hash hash) {
        byte[] key = new byte[HASH_KEY_SIZE];
        key[0] = prefix;
        hash.copyTo(key, 1);
        return key;
    }

    /**
     * The header entry's value: header, chain work (unsigned 256-bit BE); the height is in the key.
     *
     * @throws IllegalArgumentException when the height is negative or the chain work is negative or does
     *                                  not fit in 256 bits
     */
    static byte[] encodeHeader(HeaderSyncData data) {
        if (data.height() < 0) {
            throw new IllegalArgumentException("negative height " + data.height() + " for header " + data.hash());
        }
        byte[] value = new byte[HEADER_VALUE_SIZE];
        if (!data.writeWork(value, WORK_OFFSET)) {
            throw new IllegalArgumentException("chain work " + data.chainWork() + " of header " + data.hash()
                    + " is not an unsigned 256-bit number");
        }
        data.header().writeTo(value, 0);
        return value;
    }


    /** Decodes a tip entry's value, a 32-byte hash. */
    static Hash decodeHash(Object store, byte[] key, byte[] value) {
        if (value.length != Hash.LENGTH) {
            throw corrupt(store, key, "has a value of " + value.length + " bytes, not a 32-byte hash");
        }
        return Hash.wrap(value);
    }

    static byte[] encodeInt(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    static int decodeInt(Object store, byte[] key, byte[] value) {
        if (value.length != 4) {
            throw corrupt(store, key, "has a value of " + value.length + " bytes, not a 4-byte integer");
        }
        return (value[0] & 0xff) << 24 | (value[1] & 0xff) << 16 | (value[2] & 0xff) << 8 | (value[3] & 0xff);
    }

    /**
     * A key for messages: {@code g:<start height>:<first hash in display order>:<headers>} (a segment),
     * {@code h:<height>:<hash>} (a format-2 header), {@code b:<hash>} (or {@code p:},
     * {@code i:}), {@code m:mainTip}, or hex for anything else.
     */
    static String describe(byte[] key) {
        if (key.length == HEADER_KEY_SIZE && key[0] == HEADER_PREFIX) {
            return "h:" + keyHeight(key) + ":" + Hash.wrap(key, HEADER_KEY_HASH);
        }
        if (HeaderSegments.isKey(key)) {
            return "g:" + keyHeight(key) + ":" + Hash.wrap(key, HEADER_KEY_HASH) + ":" + HeaderSegments.count(key);
        }
        if (key.length == HASH_KEY_SIZE && (key[0] == BLOCK_PREFIX || key[0] == PRESENCE_PREFIX || key[0] == INVALID_PREFIX)) {
            return (char) key[0] + ":" + Hash.wrap(key, 1);
        }
        if (key.length > 1 && key[0] == META_PREFIX) {
            return "m:" + new String(key, 1, key.length - 1, StandardCharsets.US_ASCII);
        }
        return "0x" + ByteKeys.hex(key);
    }

    /** "corrupt chain store in &lt;store&gt;: the entry &lt;key&gt; &lt;problem&gt;". */
    static StoreException corrupt(Object store, byte[] key, String problem) {
        return new StoreException("corrupt chain store (" + store + "): the entry " + describe(key) + " " + problem);
    }
}
