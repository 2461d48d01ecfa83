package dev.tributary.chain;

import static dev.tributary.wire.WireFixtures.hex;
import static dev.tributary.wire.WireFixtures.mainnetHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.Hash;
import dev.tributary.bytes.MalformedDataException;
import org.junit.jupiter.api.Test;

class BlockHeaderTest {
    /** Mainnet block 1's header: version 1, prev = genesis, time 1231469665, bits 1d00ffff, nonce 2573394689. */
    static final String BLOCK1_HEADER = "01000000"
            + "6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000"
            + "982051fd1e4ba744bbbe680e1fee14677ba1a3c3540bf7b1cdb606e857233e0e"
            + "61bc6649" + "ffff001d" + "01e36299";

    @Test
    void parsesTheFieldsOfARealHeader() {
        BlockHeader h = BlockHeader.parse(hex(BLOCK1_HEADER));
        assertThat(h.version()).isEqualTo(1);
        assertThat(h.prevHash().toString()).isEqualTo("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
        assertThat(h.merkleRoot().toString())
                .isEqualTo("0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098");
        assertThat(h.time()).isEqualTo(1231469665L);
        assertThat(h.bits()).isEqualTo(0x1d00ffffL);
        assertThat(h.nonce()).isEqualTo(2573394689L); // over 2^31: read unsigned
        assertThat(h.hash().toString()).isEqualTo("00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048");
        assertThat(hex(h.serialize())).isEqualTo(BLOCK1_HEADER);
        assertThat(h).isEqualTo(mainnetHeaders(2).get(1));
    }

    @Test
    void equalityIsByHash() {
        BlockHeader a = BlockHeader.parse(hex(BLOCK1_HEADER));
        BlockHeader b = new BlockHeader(a.version(), a.prevHash(), a.merkleRoot(), a.time(), a.bits(), a.nonce());
        assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(a.withNonce(a.nonce() + 1)).isNotEqualTo(a);
        assertThat(a.withNonce(a.nonce() + 1).withNonce(a.nonce())).isEqualTo(a);
    }

    @Test
    void uint32FieldsAreMaskedToTheirWireRange() {
        BlockHeader h = new BlockHeader(-1, Hash.ZERO, Hash.ZERO, -1L, 0x1_1d00ffffL, -2L);
        assertThat(h.time()).isEqualTo(0xffffffffL);
        assertThat(h.bits()).isEqualTo(0x1d00ffffL);
        assertThat(h.nonce()).isEqualTo(0xfffffffeL);
        BlockHeader back = BlockHeader.parse(h.serialize());
        assertThat(back.version()).isEqualTo(-1);
        assertThat(back.time()).isEqualTo(0xffffffffL);
        assertThat(back).isEqualTo(h);
    }

    @Test
    void shortOrLongInputIsRejected() {
        byte[] raw = hex(BLOCK1_HEADER);
        assertThatThrownBy(() -> BlockHeader.parse(java.util.Arrays.copyOf(raw, 79)))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("truncated: a header needs 80 bytes, 79 left");
        assertThatThrownBy(() -> BlockHeader.parse(java.util.Arrays.copyOf(raw, 81)))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("trailing");
    }

    @Test
    void aFailedReadConsumesNothing() {
        ByteReader in = new ByteReader(new byte[79]);
        assertThatThrownBy(() -> BlockHeader.read(in)).isInstanceOf(MalformedDataException.class);
        assertThat(in.position()).isZero();
    }
}
