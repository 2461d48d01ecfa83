package dev.tributary.wire;

/** The limits Bitcoin Core enforces on what a peer may send; checked while parsing, before allocating. */
public final class WireLimits {
    private WireLimits() {
    }

    /** Largest payload accepted in one frame (Core's MAX_SIZE / MAX_PROTOCOL_MESSAGE_LENGTH bound): 32 MiB. */
    public static final int MAX_PAYLOAD = 32 * 1024 * 1024;
    /**
     * Largest payload of any message a node of a Bitcoin network accepts (Core's
     * {@code MAX_PROTOCOL_MESSAGE_LENGTH}): a block of the maximum weight serializes to at most this.
     */
    public static final int MAX_PROTOCOL_MESSAGE = 4_000_000;
    /**
     * Largest frame a peer may send before its side of the handshake is done (its {@code verack}): a
     * {@code version} with the longest user agent has 344 bytes, {@code wtxidrelay} and {@code sendaddrv2} none.
     */
    public static final int MAX_HANDSHAKE_MESSAGE = 1_000;
    /**
     * The most heap a decoded message keeps per byte of its payload, for any payload a peer can send (measured by
     * {@code DecodedSizeTest} on the worst ones: 6.6 for a block of minimal transactions, its payload included;
     * 6.0 for {@code addr}; 3.4 for {@code headers}; 1.0 for a transaction of millions of witness items, which are
     * kept serialized). Inbound budgets charge a decoded message this many times its size, so a budget in bytes
     * bounds the heap.
     */
    public static final int DECODED_BYTES_PER_BYTE = 8;
    /** Most headers in one {@code headers} message (MAX_HEADERS_RESULTS). */
    public static final int MAX_HEADERS = 2000;
    /** Most entries in one {@code inv}, {@code getdata} or {@code notfound} (MAX_INV_SZ). */
    public static final int MAX_INVENTORY = 50_000;
    /** Most hashes in a block locator (MAX_LOCATOR_SZ). */
    public static final int MAX_LOCATOR = 101;
    /** Most addresses in one {@code addr} (MAX_ADDR_TO_SEND). */
    public static final int MAX_ADDRESSES = 1000;
    /** Longest user agent in {@code version} (MAX_SUBVERSION_LENGTH). */
    public static final int MAX_USER_AGENT = 256;
    /** Most blocks announced in answer to one {@code getblocks}. */
    public static final int MAX_GETBLOCKS_RESULTS = 500;
}
