package dev.tributary.oplog.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseAddressTest {
    /** The address in OrbitDB's own documentation and source comments. */
    private static final String DOCUMENTED = "/orbitdb/zdpuAuK3BHpS7NvMBivynypqciYCuy2UW77XYBPUYRnLjnw13";

    @Test
    void parsesOrbitDbsDocumentedAddress() {
        DatabaseAddress a = DatabaseAddress.parse(DOCUMENTED);
        assertThat(a.toString()).isEqualTo(DOCUMENTED);
        assertThat(a.hash()).isEqualTo("zdpuAuK3BHpS7NvMBivynypqciYCuy2UW77XYBPUYRnLjnw13");
        assertThat(a.cid().isDagCborSha256()).isTrue();
        assertThat(DatabaseAddress.parse(DOCUMENTED + "/")).isEqualTo(a);
        assertThat(DatabaseAddress.parse("\\orbitdb\\zdpuAuK3BHpS7NvMBivynypqciYCuy2UW77XYBPUYRnLjnw13")).isEqualTo(a);
        assertThat(DatabaseAddress.isValid(DOCUMENTED)).isTrue();
        assertThat(DatabaseAddress.of(a.cid())).isEqualTo(a).hasSameHashCodeAs(a);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "my-database | not an OrbitDB address: 'my-database' does not start with /orbitdb/",
            "/orbitdb/ | not an OrbitDB address: '/orbitdb/' has no manifest CID",
            "/orbitdb/zdpuAuK3BHpS7NvMBivynypqciYCuy2UW77XYBPUYRnLjnw13/name | has more than a manifest CID",
            "/orbitdb/zdpuAuK3BHpS7NvMBivynypqciYCuy2UW77XYBPUYRnLjnw1l | 'l' at position",
            "/orbitdb/bafyreigbtj4x7ip5legnfznufuopl4sg4knzc2cof6duas4b3q2fy6swua | does not start with 'z'",
            "/ipfs/zdpuAuK3BHpS7NvMBivynypqciYCuy2UW77XYBPUYRnLjnw13 | does not start with /orbitdb/",
    })
    void badAddressesGetClearErrors(String text, String message) {
        assertThatThrownBy(() -> DatabaseAddress.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
        assertThat(DatabaseAddress.isValid(text)).isFalse();
    }

    @Test
    void emptyIsNotAnAddress() {
        assertThatThrownBy(() -> DatabaseAddress.parse("")).hasMessage("not an OrbitDB address: the address is empty");
        assertThatThrownBy(() -> DatabaseAddress.parse(null)).hasMessage("not an OrbitDB address: the address is empty");
    }
}
