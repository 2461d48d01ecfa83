package dev.tributary.oplog.access;

import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.identity.Identities;
import dev.tributary.oplog.identity.Identity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * OrbitDB's {@code ipfs} access controller: an immutable list of writer ids (identity ids, the hex of their id
 * keys), or {@code "*"} for anyone. Its manifest is the dag-cbor block {@code {type: "ipfs", write: [...]}}, and its
 * address {@code /ipfs/<CID of that block>}.
 *
 * <p>An entry may be appended when its writer's id is in the list (or the list holds {@code "*"}) and the writer's
 * identity verifies, as in OrbitDB; and, beyond OrbitDB, when the identity given is the one the entry names and the
 * entry's key is that identity's publicKey, so that an entry cannot borrow a writer's identity.
 */
public final class IpfsAccessController implements AccessController {
    /** The type name in the manifest. */
    public static final String TYPE = "ipfs";
    /** The write-list element that lets anyone write. */
    public static final String ANYONE = "*";
    /** The prefix of the address. */
    public static final String ADDRESS_PREFIX = "/ipfs/";

    private static final Set<String> FIELDS = Set.of("type", "write");

    private final List<String> write;
    private final byte[] manifest;
    private final Cid cid;

    private IpfsAccessController(List<String> write, byte[] manifest) {
        this.write = write;
        this.manifest = manifest;
        this.cid = Cid.of(manifest);
    }

    /** The controller with this write list (identity ids, or {@code "*"}), in the order given. */
    public static IpfsAccessController of(List<String> write) {
        List<String> copy = List.copyOf(write);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("type", TYPE);
        value.put("write", copy);
        return new IpfsAccessController(copy, DagCbor.encode(value));
    }

    /** The controller that lets only {@code identity} write: OrbitDB's default for a new database. */
    public static IpfsAccessController onlyWriter(Identity identity) {
        return of(List.of(identity.id()));
    }

    /** The controller that lets anyone write. */
    public static IpfsAccessController anyone() {
        return of(List.of(ANYONE));
    }

    /**
     * The controller of a manifest block: canonical dag-cbor {@code {type: "ipfs", write: [strings]}}.
     *
     * @throws IllegalArgumentException saying what is wrong with the block
     */
    public static IpfsAccessController decode(byte[] manifestBlock) {
        Object value = DagCbor.decode(manifestBlock);
        if (!(value instanceof Map<?, ?> map) || !map.keySet().equals(FIELDS)) {
            throw new IllegalArgumentException("an ipfs access controller manifest is a map of type and write");
        }
        if (!TYPE.equals(map.get("type"))) {
            throw new IllegalArgumentException("access controller type '" + map.get("type") + "' is not 'ipfs'");
        }
        if (!(map.get("write") instanceof List<?> list)) {
            throw new IllegalArgumentException("the access controller's write list is not a list");
        }
        List<String> write = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw new IllegalArgumentException("the access controller's write list holds " + o + ", not a string");
            }
            write.add(s);
        }
        return new IpfsAccessController(List.copyOf(write), manifestBlock.clone());
    }

    /**
     * The manifest CID in an address {@code /ipfs/<cid>} (the bare CID text is accepted too, as OrbitDB strips the
     * prefix).
     *
     * @throws IllegalArgumentException saying what is wrong with the address
     */
    public static Cid parseAddress(String address) {
        Objects.requireNonNull(address, "address");
        String text = address.startsWith(ADDRESS_PREFIX) ? address.substring(ADDRESS_PREFIX.length()) : address;
        try {
            return Cid.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an ipfs access controller address: '" + address + "' ("
                    + e.getMessage() + ")", e);
        }
    }

    /** The write list, as in the manifest. */
    public List<String> write() {
        return write;
    }

    /** Whether the list lets {@code identityId} write (it is listed, or the list holds {@code "*"}). */
    public boolean allows(String identityId) {
        return write.contains(ANYONE) || write.contains(identityId);
    }

    @Override
    public boolean canAppend(Entry entry, Identity identity) {
        return identity.hash().equals(entry.identity())
                && entry.key().equals(identity.publicKey())
                && allows(identity.id())
                && Identities.verify(identity);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** {@code /ipfs/<CID of the manifest>}. */
    @Override
    public String address() {
        return ADDRESS_PREFIX + cid;
    }

    public Cid cid() {
        return cid;
    }

    @Override
    public byte[] manifestBytes() {
        return manifest.clone();
    }

    @Override
    public String toString() {
        return "IpfsAccessController[" + address() + ", write " + write + "]";
    }
}
