package dev.tributary.oplog.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.cid.Cid;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestTest {
    private static final String AC = "/ipfs/zdpuAoxJgE3E9FCveCDCvBofwkrVuywPPpxm7zEzkipFihQuB";

    @Test
    void aManifestIsNameTypeAccessControllerAndMaybeMeta() {
        Manifest m = Manifest.of("my-events", "events", AC);
        assertThat(m.hasMeta()).isFalse();
        assertThat(m.meta()).isEmpty();
        assertThat(DagCbor.decode(m.bytes())).isEqualTo(Map.of("name", "my-events", "type", "events", "accessController", AC));
        assertThat(m.address().toString()).isEqualTo("/orbitdb/" + Cid.of(m.bytes()));
        Manifest withNullMeta = Manifest.of("my-events", "events", AC, null);
        assertThat(withNullMeta.hasMeta()).isTrue();
        assertThat(withNullMeta.address()).isNotEqualTo(m.address());
        assertThat(Manifest.decode(withNullMeta.bytes()).hasMeta()).isTrue();
        assertThat(Manifest.decode(m.bytes())).isEqualTo(m);
    }

    @Test
    void badManifestsAreRefusedClearly() {
        assertThatThrownBy(() -> Manifest.of("", "events", AC)).hasMessage("a manifest needs a non-empty name");
        assertThatThrownBy(() -> Manifest.decode(DagCbor.encode(Map.of("name", "x", "type", "events"))))
                .hasMessage("the database manifest's accessController is not a non-empty string");
        assertThatThrownBy(() -> Manifest.decode(DagCbor.encode(Map.of("name", "x", "type", "t", "accessController", AC,
                "extra", 1L)))).hasMessage("a database manifest has no field 'extra'");
        assertThatThrownBy(() -> Manifest.decode(DagCbor.encode("x"))).hasMessage("a database manifest is a map");
    }
}
