package dev.tributary.records;

import java.util.Objects;

/**
 * One record of a collection as the sync sees it: its global id ({@code sdata:uuid}), the sync state of its last
 * change, and its full payload, or a tombstone when it was deleted (SData sync 4.4: deletes travel as entries with
 * {@code isDeleted}, and a store keeps them so that an older change arriving later is recognised as older).
 *
 * @param uuid the record's global id, the same on every endpoint
 * @param state where and when it last changed
 * @param deleted whether the last change deleted it
 * @param payload its content, or null for a tombstone
 */
public record Record(String uuid, SyncState state, boolean deleted, Payload payload) {

    public Record {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(state, "state");
        if (uuid.isBlank()) {
            throw new IllegalArgumentException("a record needs a uuid");
        }
        if (!deleted && payload == null) {
            throw new IllegalArgumentException("record " + uuid + " is neither deleted nor has a payload");
        }
        if (deleted) {
            payload = null;
        }
    }

    /** A live record. */
    public static Record live(String uuid, SyncState state, Payload payload) {
        return new Record(uuid, state, false, Objects.requireNonNull(payload, "payload"));
    }

    /** A tombstone. */
    public static Record tombstone(String uuid, SyncState state) {
        return new Record(uuid, state, true, null);
    }
}
