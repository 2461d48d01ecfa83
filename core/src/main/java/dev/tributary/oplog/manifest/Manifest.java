package dev.tributary.oplog.manifest;

import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.cid.Cid;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A database's manifest, as OrbitDB's {@code ManifestStore.create} writes it: the dag-cbor block
 *
 * <pre>
 *   { name: "my-db", type: "events" | "keyvalue" | "documents" | ..., accessController: "/ipfs/zdpu...",
 *     meta: any dag-cbor value (only when given) }
 * </pre>
 *
 * The database's address is {@code /orbitdb/<CID of this block>} ({@link #address()}). Immutable.
 */
public final class Manifest {
    private static final Set<String> REQUIRED = Set.of("name", "type", "accessController");

    private final String name;
    private final String type;
    private final String accessController;
    private final boolean hasMeta;
    private final Object meta;
    private final byte[] bytes;
    private final Cid cid;

    private Manifest(String name, String type, String accessController, boolean hasMeta, Object meta, byte[] bytes) {
        this.name = name;
        this.type = type;
        this.accessController = accessController;
        this.hasMeta = hasMeta;
        this.meta = meta;
        this.bytes = bytes;
        this.cid = Cid.of(bytes);
    }

    /** A manifest without meta. */
    public static Manifest of(String name, String type, String accessControllerAddress) {
        return build(name, type, accessControllerAddress, false, null);
    }

    /** A manifest with meta (written even when {@code meta} is null, as OrbitDB writes a given null). */
    public static Manifest of(String name, String type, String accessControllerAddress, Object meta) {
        return build(name, type, accessControllerAddress, true, meta);
    }

    private static Manifest build(String name, String type, String accessController, boolean hasMeta, Object meta) {
        requireText(name, "name");
        requireText(type, "type");
        requireText(accessController, "accessController");
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", name);
        value.put("type", type);
        value.put("accessController", accessController);
        if (hasMeta) {
            value.put("meta", meta);
        }
        byte[] bytes = DagCbor.encode(value);
        Object storedMeta = hasMeta ? ((Map<?, ?>) DagCbor.decode(bytes)).get("meta") : null;
        return new Manifest(name, type, accessController, hasMeta, storedMeta, bytes);
    }

    private static void requireText(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a manifest needs a non-empty " + field);
        }
    }

    /**
     * The manifest in a block: canonical dag-cbor, a map of name, type and accessController (non-empty strings)
     * and optionally meta.
     *
     * @throws IllegalArgumentException saying what is wrong with the block
     */
    public static Manifest decode(byte[] block) {
        Object value = DagCbor.decode(block);
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("a database manifest is a map");
        }
        for (Object key : map.keySet()) {
            if (!REQUIRED.contains(key) && !"meta".equals(key)) {
                throw new IllegalArgumentException("a database manifest has no field '" + key + "'");
            }
        }
        String name = text(map, "name");
        String type = text(map, "type");
        String accessController = text(map, "accessController");
        return new Manifest(name, type, accessController, map.containsKey("meta"), map.get("meta"), block.clone());
    }

    private static String text(Map<?, ?> map, String field) {
        if (!(map.get(field) instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException("the database manifest's " + field + " is not a non-empty string");
        }
        return s;
    }

    public String name() {
        return name;
    }

    /** The database type ({@code events}, {@code keyvalue}, {@code documents}, ...). */
    public String type() {
        return type;
    }

    /** The access controller's address, e.g. {@code /ipfs/zdpu...}. */
    public String accessController() {
        return accessController;
    }

    /** The meta value, if the manifest has one (a present null is empty here; see {@link #hasMeta()}). */
    public Optional<Object> meta() {
        return Optional.ofNullable(meta);
    }

    /** Whether the manifest has a meta field. */
    public boolean hasMeta() {
        return hasMeta;
    }

    public Cid cid() {
        return cid;
    }

    /** {@code /orbitdb/<CID>}. */
    public DatabaseAddress address() {
        return DatabaseAddress.of(cid);
    }

    /** The block (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest m && cid.equals(m.cid);
    }

    @Override
    public int hashCode() {
        return cid.hashCode();
    }

    @Override
    public String toString() {
        return "Manifest[" + name + ", " + type + ", " + address() + "]";
    }
}
