package dev.tributary.oplog.recon;

/**
 * One item of a reconciliation: an entry's clock time and id (the SHA-256 digest of its CID).
 *
 * @param time the entry's clock time
 * @param id   32 bytes
 */
public record ReconItem(long time, byte[] id) {
    @Override
    public boolean equals(Object o) {
        return o instanceof ReconItem r && r.time == time && java.util.Arrays.equals(r.id, id);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(time) * 31 + java.util.Arrays.hashCode(id);
    }

    @Override
    public String toString() {
        return time + ":" + java.util.HexFormat.of().formatHex(id, 0, 6);
    }
}
