package dev.tributary.records;

import java.util.Optional;

/**
 * How a feed was produced (SData sync 4.4, {@code sync:syncMode}): {@link #CATCH_UP} after reading the target's
 * digest, or {@link #IMMEDIATE} pushed by the source without reading it (and then checked for contiguity).
 */
public enum SyncMode {
    CATCH_UP("catchUp"),
    IMMEDIATE("immediate");

    private final String wireName;

    SyncMode(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling on the wire. */
    public String wireName() {
        return wireName;
    }

    /** The mode spelled {@code text} on the wire (case-insensitive, surrounding blanks ignored). */
    public static Optional<SyncMode> fromWire(String text) {
        String t = text == null ? "" : text.strip();
        for (SyncMode m : values()) {
            if (m.wireName.equalsIgnoreCase(t)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
