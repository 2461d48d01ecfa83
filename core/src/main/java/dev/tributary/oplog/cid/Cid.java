package dev.tributary.oplog.cid;

import dev.tributary.bytes.Sha256;
import java.util.Arrays;

/**
 * A content identifier (CID) as IPFS and OrbitDB write it.
 *
 * <p>Tributary makes CIDv1 with the dag-cbor codec and a sha2-256 multihash ({@link #of}); it also reads any CIDv1
 * and CIDv0 (a bare sha2-256 multihash) so that links found inside data survive a round trip. Binary layout:
 *
 * <pre>
 *   CIDv1: varint(1) varint(codec) varint(hash function) varint(digest length) digest
 *          01        71 (dag-cbor)   12 (sha2-256)         20 (32)                32 bytes
 *   CIDv0: 12 20 digest (32 bytes)
 * </pre>
 *
 * <p>Text: a CIDv1 is {@code z} (multibase base58btc) followed by the base58btc of its bytes, the {@code zdpu...} strings
 * that OrbitDB uses for entries, identities and manifests; a CIDv0 is the base58btc of its bytes ({@code Qm...}).
 * Instances are immutable; equality, hashing and order are those of the binary bytes (unsigned, lexicographic).
 */
public final class Cid implements Comparable<Cid> {
    /** Multicodec of dag-cbor. */
    public static final int DAG_CBOR = 0x71;
    /** Multicodec of dag-pb, the implied codec of a CIDv0. */
    public static final int DAG_PB = 0x70;
    /** Multihash code of sha2-256. */
    public static final int SHA2_256 = 0x12;

    private static final int SHA2_256_LENGTH = 32;

    private final byte[] bytes;
    private final int version;
    private final long codec;
    private final long hashFunction;
    private final int digestOffset;
    private String text;

    private Cid(byte[] bytes, int version, long codec, long hashFunction, int digestOffset) {
        this.bytes = bytes;
        this.version = version;
        this.codec = codec;
        this.hashFunction = hashFunction;
        this.digestOffset = digestOffset;
    }

    /** The CIDv1 (dag-cbor, sha2-256) of a dag-cbor block. */
    public static Cid of(byte[] dagCborBlock) {
        byte[] digest = Sha256.sha256(dagCborBlock, 0, dagCborBlock.length);
        byte[] b = new byte[4 + SHA2_256_LENGTH];
        b[0] = 1;
        b[1] = DAG_CBOR;
        b[2] = SHA2_256;
        b[3] = SHA2_256_LENGTH;
        System.arraycopy(digest, 0, b, 4, SHA2_256_LENGTH);
        return new Cid(b, 1, DAG_CBOR, SHA2_256, 4);
    }

    /**
     * Texts parsed lately, direct-mapped by their hash: entries name the same links and identities again and again
     * (an entry's 16 refs are mostly its predecessor's, its identity that of every entry of its writer), and base58
     * costs microseconds a CID. Lock-free: a slot holds an immutable pair, replaced whole.
     */
    private static final ParsedText[] PARSED = new ParsedText[4096];

    private record ParsedText(String text, Cid cid) {
    }

    /**
     * Parses a CID's text: {@code z} + base58btc for a CIDv1, {@code Qm...} for a CIDv0.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static Cid parse(String text) {
        if (text == null) {
            return parseText(null);
        }
        int slot = text.hashCode() & (PARSED.length - 1);
        ParsedText last = PARSED[slot];
        if (last != null && last.text().equals(text)) {
            return last.cid();
        }
        Cid cid = parseText(text);
        PARSED[slot] = new ParsedText(text, cid);
        return cid;
    }

    private static Cid parseText(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("not a CID: the text is empty");
        }
        Cid cid;
        if (text.length() == 46 && text.startsWith("Qm")) {
            cid = binary(decodeBase58(text, text, 0), text);
        } else if (text.charAt(0) == 'z') {
            cid = binary(decodeBase58(text.substring(1), text, 1), text);
            if (cid.version == 0) {
                throw new IllegalArgumentException("not a CID: '" + text + "' is a CIDv0 written with a multibase prefix");
            }
        } else {
            throw new IllegalArgumentException("not a CID: '" + abbreviate(text)
                    + "' does not start with 'z' (base58btc), the only text form of CIDv1 read here");
        }
        return cid;
    }

    private static byte[] decodeBase58(String base58, String whole, int shift) {
        try {
            return Base58.decode(base58);
        } catch (IllegalArgumentException e) {
            int at = e.getMessage().indexOf(" at position ");
            String detail = e.getMessage();
            if (at >= 0) {
                int end = detail.indexOf(' ', at + 13);
                int pos = Integer.parseInt(detail.substring(at + 13, end)) + shift;
                detail = detail.substring(0, at) + " at position " + pos + detail.substring(end);
            }
            throw new IllegalArgumentException("not a CID: '" + abbreviate(whole) + "': " + detail, e);
        }
    }

    /**
     * Reads a binary CID (the whole array).
     *
     * @throws IllegalArgumentException saying what is wrong with the bytes
     */
    public static Cid fromBytes(byte[] binary) {
        try {
            return read(binary.clone());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a CID: " + e.getMessage(), e);
        }
    }

    /**
     * The CID whose bytes {@code text} wrote; when they are not one, says so as a person who typed or pasted the text
     * needs it (cut short, mistyped), the bytes' own fault ({@code unsupported CID version 41}) in brackets after.
     */
    private static Cid binary(byte[] b, String text) {
        try {
            return read(b);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a CID: '" + abbreviate(text) + "' is " + (text.length() < 49
                    ? "cut short or mistyped" : "mistyped") + " (the CIDs OrbitDB writes are 49 characters, zdpu...;"
                    + " its bytes read: " + e.getMessage() + ")", e);
        }
    }

    private static Cid read(byte[] b) {
        if (b.length == 34 && b[0] == SHA2_256 && b[1] == SHA2_256_LENGTH) {
        return new Cid(b, 0, DAG_PB, SHA2_256, 2);
        }
        int[] pos = {0};
        long version = Varint.read(b, pos, "the CID version");
        if (version != 1) {
            throw new IllegalArgumentException("unsupported CID version " + version);
        }
        long codec = Varint.read(b, pos, "the codec");
        long hashFunction = Varint.read(b, pos, "the hash function");
        long length = Varint.read(b, pos, "the digest length");
        if (length != b.length - pos[0]) {
            throw new IllegalArgumentException("the multihash says its digest has " + length + " bytes but "
                    + (b.length - pos[0]) + " follow");
        }
        if (hashFunction == SHA2_256 && length != SHA2_256_LENGTH) {
            throw new IllegalArgumentException("a sha2-256 digest has 32 bytes, not " + length);
        }
        return new Cid(b, 1, codec, hashFunction, pos[0]);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** The binary CID (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The digest of the multihash (a copy). */
    public byte[] digest() {
        return Arrays.copyOfRange(bytes, digestOffset, bytes.length);
    }

    /** 0 or 1. */
    public int version() {
        return version;
    }

    /** The multicodec of the content ({@link #DAG_CBOR} for everything OrbitDB writes). */
    public long codec() {
        return codec;
    }

    /** The multihash function code ({@link #SHA2_256} for everything OrbitDB writes). */
    public long hashFunction() {
        return hashFunction;
    }

    /** Whether this is what {@link #of} makes: CIDv1, dag-cbor, sha2-256. */
    public boolean isDagCborSha256() {
        return version == 1 && codec == DAG_CBOR && hashFunction == SHA2_256;
    }

    /** Whether {@code block} hashes to this CID (sha2-256 CIDs only; false for other hash functions). */
    public boolean matches(byte[] block) {
        if (hashFunction != SHA2_256) {
            return false;
        }
        byte[] digest = Sha256.sha256(block, 0, block.length);
        return Arrays.equals(digest, 0, digest.length, bytes, digestOffset, bytes.length);
    }

    /** {@code z} + base58btc of the bytes for a CIDv1 ({@code zdpu...}); base58btc of the bytes for a CIDv0. */
    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            t = version == 0 ? Base58.encode(bytes) : "z" + Base58.encode(bytes);
            text = t;
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cid c && Arrays.equals(bytes, c.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Cid o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }
}
