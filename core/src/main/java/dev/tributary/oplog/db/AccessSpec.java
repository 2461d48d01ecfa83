package dev.tributary.oplog.db;

import java.util.List;
import java.util.Objects;

/**
 * Who may write to a database created by name: OrbitDB's IPFS access controller, a fixed list of writer identity
 * ids, or {@code *} for anyone. Fixed when the database is created (it is part of its address); ignored when a
 * database is opened by address, whose manifest already names its access controller.
 */
public record AccessSpec(List<String> writers, boolean creatorOnly) {
    /** Anyone may write. */
    public static final String ANYONE = "*";

    public AccessSpec {
        writers = List.copyOf(writers);
        for (String w : writers) {
            if (w == null || w.isBlank()) {
                throw new IllegalArgumentException("a writer is an identity id, not an empty text");
            }
        }
    }

    /** Only the identity that creates the database: OrbitDB's default. */
    public static AccessSpec onlyCreator() {
        return new AccessSpec(List.of(), true);
    }

    /** Anyone may write ({@code write: ['*']}). */
    public static AccessSpec anyone() {
        return new AccessSpec(List.of(ANYONE), false);
    }

    /** These identity ids may write (the creator only if listed). */
    public static AccessSpec writers(String... ids) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("a write list names at least one writer");
        }
        return new AccessSpec(List.of(ids), false);
    }

    /** The write list for a database created by {@code creatorId}. */
    List<String> writeList(String creatorId) {
        Objects.requireNonNull(creatorId, "creatorId");
        return creatorOnly ? List.of(creatorId) : writers;
    }
}
