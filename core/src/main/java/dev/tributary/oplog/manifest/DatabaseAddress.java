package dev.tributary.oplog.manifest;

import dev.tributary.oplog.cid.Cid;
import java.util.Objects;

/**
 * A database's address, {@code /orbitdb/<manifest CID>}, e.g.
 * {@code /orbitdb/zdpuAuK3BHpS7NvMBivynypqciYCuy2UW77XYBPUYRnLjnw13}. Parsing accepts what OrbitDB's
 * {@code parseAddress} accepts: the {@code /orbitdb/} prefix (or its Windows spelling {@code \orbitdb\}), a CID in
 * base58btc ({@code z...}, or a CIDv0 {@code Qm...}), and a trailing slash. Text form always
 * {@code /orbitdb/<cid>}.
 */
public final class DatabaseAddress {
    /** The protocol prefix. */
    public static final String PREFIX = "/orbitdb/";
    private static final String WINDOWS_PREFIX = "\\orbitdb\\";

    private final Cid cid;

    private DatabaseAddress(Cid cid) {
        this.cid = cid;
    }

    public static DatabaseAddress of(Cid manifestCid) {
        return new DatabaseAddress(Objects.requireNonNull(manifestCid, "manifestCid"));
    }

    /**
     * Parses an address.
     *
     * @throws IllegalArgumentException whose message says what is wrong, starting "not an OrbitDB address"
     */
    public static DatabaseAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("not an OrbitDB address: the address is empty");
        }
        String rest;
        if (text.startsWith(PREFIX)) {
            rest = text.substring(PREFIX.length());
        } else if (text.startsWith(WINDOWS_PREFIX)) {
            rest = text.substring(WINDOWS_PREFIX.length());
        } else {
            throw new IllegalArgumentException("not an OrbitDB address: '" + shorten(text)
                    + "' does not start with /orbitdb/ (an address is /orbitdb/ and the manifest's CID)");
        }
        if (rest.endsWith("/") || rest.endsWith("\\")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("not an OrbitDB address: '" + shorten(text) + "' has no manifest CID");
        }
        if (rest.contains("/") || rest.contains("\\")) {
            throw new IllegalArgumentException("not an OrbitDB address: '" + shorten(text)
                    + "' has more than a manifest CID after /orbitdb/");
        }
        try {
            return new DatabaseAddress(Cid.parse(rest));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an OrbitDB address: '" + shorten(text) + "': the manifest CID is "
                    + e.getMessage(), e);
        }
    }

    /** Whether {@link #parse} accepts {@code text}. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String shorten(String s) {
        return s.length() <= 100 ? s : s.substring(0, 97) + "...";
    }

    /** The manifest's CID. */
    public Cid cid() {
        return cid;
    }

    /** The manifest's CID text (OrbitDB's {@code address.hash}). */
    public String hash() {
        return cid.toString();
    }

    @Override
    public String toString() {
        return PREFIX + cid;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatabaseAddress a && cid.equals(a.cid);
    }

    @Override
    public int hashCode() {
        return cid.hashCode();
    }
}
