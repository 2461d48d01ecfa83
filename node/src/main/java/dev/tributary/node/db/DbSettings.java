package dev.tributary.node.db;

import dev.tributary.store.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What the node remembers of a database beyond OrbitDB's manifest: the field a documents database is indexed by
 * (an option of OrbitDB's {@code open}, not part of the address). Kept in the store's keyspace {@value #KEYSPACE}:
 *
 * <pre>
 *   'i' address (UTF-8) -&gt; indexBy field (UTF-8)
 * </pre>
 */
final class DbSettings {
    static final String KEYSPACE = "db";
    private final KeyValueStore kv;

    DbSettings(KeyValueStore root) {
        this.kv = root.keyspace(KEYSPACE);
    }

    Optional<String> indexBy(String address) {
        return kv.get(key(address)).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    void setIndexBy(String address, String field) {
        kv.put(key(address), field.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] key(String address) {
        byte[] a = address.getBytes(StandardCharsets.UTF_8);
        byte[] k = new byte[a.length + 1];
        k[0] = 'i';
        System.arraycopy(a, 0, k, 1, a.length);
        return k;
    }
}
