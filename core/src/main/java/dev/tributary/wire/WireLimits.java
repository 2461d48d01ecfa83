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
