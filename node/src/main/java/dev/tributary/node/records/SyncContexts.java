package dev.tributary.node.records;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The contexts a provider keeps between a POST and its DELETE (core 11.5): values by tracking id, at most
 * {@code capacity}, the least recently used dropped first, so memory stays bounded whatever consumers forget to
 * delete. Thread-safe.
 */
final class SyncContexts<V> {
    private final Map<String, V> byId;

    SyncContexts(int capacity) {
        this.byId = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The context of {@code id}, made by {@code create} when there is none (a repeated POST finds the first one). */
    synchronized Created<V> getOrCreate(String id, Supplier<V> create) {
        V existing = byId.get(id);
        if (existing != null) {
            return new Created<>(existing, false);
        }
        V made = create.get();
        byId.put(id, made);
        return new Created<>(made, true);
    }

    record Created<V>(V value, boolean isNew) {
    }

    synchronized Optional<V> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    synchronized boolean remove(String id) {
        return byId.remove(id) != null;
    }
}
