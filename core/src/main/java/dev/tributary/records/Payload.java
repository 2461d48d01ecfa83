package dev.tributary.records;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The full content of a record as the sync carries it (SData sync 4.4: payloads are never partial): the resource
 * kind's element name (e.g. {@code account}) and its properties by name, in order. A property's value is text, or
 * null for an explicit nil. Nested lists and child resources are not modelled yet.
 */
public final class Payload {
    private final String kind;
    private final Map<String, String> properties;

    private Payload(String kind, Map<String, String> properties) {
        this.kind = kind;
        this.properties = properties;
    }

    /** A payload of {@code kind} with {@code properties} (copied; their order kept). */
    public static Payload of(String kind, Map<String, String> properties) {
        Objects.requireNonNull(kind, "kind");
        if (kind.isBlank()) {
            throw new IllegalArgumentException("a payload needs a resource kind");
        }
        return new Payload(kind, Collections.unmodifiableMap(new LinkedHashMap<>(properties)));
    }

    /** The resource kind's element name. */
    public String kind() {
        return kind;
    }

    /** The properties by name, in order (values may be null). */
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payload p && kind.equals(p.kind) && properties.equals(p.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, properties);
    }

    @Override
    public String toString() {
        return kind + properties;
    }
}
