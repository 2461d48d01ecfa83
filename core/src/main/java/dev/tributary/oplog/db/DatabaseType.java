package dev.tributary.oplog.db;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of databases, by the names OrbitDB 4 writes in manifests ({@code src/databases/}). */
public enum DatabaseType {
    /** An append-only event log ({@code events.js}). */
    EVENTS("events"),
    /** Keys to values, last writer wins in log order, deletes ({@code keyvalue.js}). */
    KEYVALUE("keyvalue"),
    /** Documents indexed by one of their fields, {@code _id} by default ({@code documents.js}). */
    DOCUMENTS("documents");

    private final String manifestName;

    DatabaseType(String manifestName) {
        this.manifestName = manifestName;
    }

    /** The type's name in a manifest and on the command line. */
    public String manifestName() {
        return manifestName;
    }

    /**
     * The type named {@code name} (as a manifest or a user writes it, any case).
     *
     * @throws IllegalArgumentException naming the types there are
     */
    public static DatabaseType parse(String name) {
        if (name != null) {
            for (DatabaseType t : values()) {
                if (t.manifestName.equals(name.toLowerCase(Locale.ROOT))) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("unknown database type '" + name + "'; the types are "
                + Arrays.stream(values()).map(DatabaseType::manifestName).collect(Collectors.joining(", ")));
    }

    /** The name with its article, for a sentence: "an events", "a keyvalue", "a documents". */
    public String withArticle() {
        return (this == EVENTS ? "an " : "a ") + manifestName;
    }

    @Override
    public String toString() {
        return manifestName;
    }
}
