package dev.tributary.oplog.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.oplog.OrbitDbVectors;
import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.identity.Identity;
import dev.tributary.oplog.identity.LocalIdentity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IpfsAccessControllerTest {
    private final LocalIdentity userA = OrbitDbVectors.local("userA");
    private final LocalIdentity userB = OrbitDbVectors.local("userB");
    private final Entry byA = Entry.create(userA, "log", "a", null, List.of(), List.of());
    private final Entry byB = Entry.create(userB, "log", "b", null, List.of(), List.of());

    @Test
    void onlyListedWritersMayAppend() {
        IpfsAccessController onlyA = IpfsAccessController.onlyWriter(userA.identity());
        assertThat(onlyA.write()).containsExactly(userA.identity().id());
        assertThat(onlyA.canAppend(byA, userA.identity())).isTrue();
        assertThat(onlyA.canAppend(byB, userB.identity())).isFalse();
        assertThat(onlyA.type()).isEqualTo("ipfs");
        assertThat(onlyA.address()).startsWith("/ipfs/zdpu");
    }

    @Test
    void aStarLetsAnyoneWithAValidIdentityAppend() {
        IpfsAccessController anyone = IpfsAccessController.anyone();
        assertThat(anyone.canAppend(byA, userA.identity())).isTrue();
        assertThat(anyone.canAppend(byB, userB.identity())).isTrue();
        Identity b = userB.identity();
        Identity forged = Identity.of(b.id(), b.publicKey(),
                new Identity.Signatures(b.signatures().id(), userA.identity().signatures().publicKey()), b.type());
        Entry underForged = Entry.decode(reencode(byB, "identity", forged.hash()));
        assertThat(anyone.canAppend(underForged, forged)).as("an identity that does not verify").isFalse();
    }

    @Test
    void theIdentityMustBeTheEntrysAndTheKeyItsPublicKey() {
        IpfsAccessController onlyA = IpfsAccessController.onlyWriter(userA.identity());
        assertThat(onlyA.canAppend(byB, userA.identity())).as("identity not the entry's").isFalse();
        Entry borrowsA = Entry.decode(reencode(byB, "identity", userA.identity().hash()));
        assertThat(onlyA.canAppend(borrowsA, userA.identity())).as("B's key under A's identity").isFalse();
    }

    @Test
    void manifestsDecodeStrictly() {
        IpfsAccessController both = IpfsAccessController.of(List.of(userA.identity().id(), userB.identity().id()));
        IpfsAccessController back = IpfsAccessController.decode(both.manifestBytes());
        assertThat(back.write()).isEqualTo(both.write());
        assertThat(back.address()).isEqualTo(both.address());
        assertThatThrownBy(() -> IpfsAccessController.decode(DagCbor.encode(Map.of("type", "orbitdb", "write", List.of()))))
                .hasMessageContaining("is not 'ipfs'");
        assertThatThrownBy(() -> IpfsAccessController.decode(DagCbor.encode(Map.of("type", "ipfs"))))
                .hasMessageContaining("map of type and write");
        assertThatThrownBy(() -> IpfsAccessController.decode(DagCbor.encode(Map.of("type", "ipfs", "write", List.of(1L)))))
                .hasMessageContaining("not a string");
        assertThatThrownBy(() -> IpfsAccessController.parseAddress("/ipfs/nope"))
                .hasMessageStartingWith("not an ipfs access controller address: '/ipfs/nope'");
        assertThat(IpfsAccessController.parseAddress(both.cid().toString())).isEqualTo(both.cid());
    }

    private static byte[] reencode(Entry e, String field, Object value) {
        @SuppressWarnings("unchecked")
        Map<String, Object> f = new LinkedHashMap<>((Map<String, Object>) DagCbor.decode(e.bytes()));
        f.put(field, value);
        return DagCbor.encode(f);
    }
}
