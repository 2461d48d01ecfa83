package dev.tributary.dag;

import static dev.tributary.dag.DagFixtures.filled;
import static dev.tributary.dag.DagFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import dev.tributary.bytes.MalformedDataException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden bytes written by hand, field by field; the hashes were computed independently with Python's hashlib. */
class DagHeaderTest {
    /** Version 1, parents 11..11 and 22..22, root 33..33, time 0x67748580, bits 207fffff, height 3, nonce deadbeef. */
    static final String TWO_PARENTS = "01000000"
            + "02"
            + "1111111111111111111111111111111111111111111111111111111111111111"
            + "2222222222222222222222222222222222222222222222222222222222222222"
            + "3333333333333333333333333333333333333333333333333333333333333333"
            + "80857467" + "ffff7f20" + "03000000" + "efbeadde";

    @Test
    void writesAndReadsTheGoldenHeader() {
        DagHeader h = new DagHeader(1, List.of(filled(0x11), filled(0x22)), filled(0x33), 0x67748580L, 0x207fffffL, 3,
                0xdeadbeefL);
        assertThat(hex(h.serialize())).isEqualTo(TWO_PARENTS);
        assertThat(h.size()).isEqualTo(117).isEqualTo(h.serialize().length);
        assertThat(h.hash()).isEqualTo(Hash.fromDisplayHex("3c3d1473d13245615b269f1c53e7ccd72426d28967df637f5092adcf5539c385"));

        DagHeader back = DagHeader.parse(hex(TWO_PARENTS));
        assertThat(back).isEqualTo(h);
        assertThat(back.parents()).containsExactly(filled(0x11), filled(0x22));
        assertThat(back.nonce()).isEqualTo(0xdeadbeefL); // over 2^31: read unsigned
        assertThat(back.height()).isEqualTo(3);
        assertThat(back.time()).isEqualTo(0x67748580L);
    }

    @Test
    void genesisHeaderHasNoParentsAndAPinnedHash() {
        DagHeader g = DagParameters.DAGTEST.genesisBlock().header();
        assertThat(hex(g.serialize())).isEqualTo("01000000" + "00"
                + "380d64cfc84050d67da659d54c5ed7acf2a4ab58d3190fabdc37e9866b5e74c1"
                + "80857467" + "ffff7f20" + "00000000" + "02000000");
        assertThat(g.hash()).isEqualTo(Hash.fromDisplayHex("6a0331702b94e37831c16f067bb60cc725494e60242bd1a2524678186af15c8f"));
        assertThat(g.size()).isEqualTo(DagHeader.FIXED_SIZE).isEqualTo(53);
    }

    @Test
    void moreThanEightParentsAreRejectedWhileParsing() {
        ByteWriter w = new ByteWriter().writeInt32LE(1).writeVarInt(9);
        for (int i = 0; i < 9; i++) {
            w.writeHash(filled(i));
        }
        byte[] tail = new byte[32 + 16];
        w.writeBytes(tail);
        assertThatThrownBy(() -> DagHeader.parse(w.toByteArray()))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("parents count 9 exceeds the limit of 8");
        assertThatThrownBy(() -> new DagHeader(1, Collections.nCopies(9, Hash.ZERO), Hash.ZERO, 0, 0, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eightParentsMakeTheLargestHeader() {
        List<Hash> parents = List.of(filled(1), filled(2), filled(3), filled(4), filled(5), filled(6), filled(7), filled(8));
        DagHeader h = new DagHeader(1, parents, Hash.ZERO, 0, 0x207fffffL, 9, 0);
        assertThat(h.serialize()).hasSize(DagHeader.MAX_SIZE).hasSize(309);
        assertThat(DagHeader.parse(h.serialize())).isEqualTo(h);
    }

    @Test
    void negativeHeightIsRejectedWhileParsing() {
        byte[] raw = hex(TWO_PARENTS);
        raw[raw.length - 8 + 3] = (byte) 0x80; // height's top byte
        assertThatThrownBy(() -> DagHeader.parse(raw))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("negative block height");
    }

    @Test
    void truncatedOrLongInputIsRejected() {
        byte[] raw = hex(TWO_PARENTS);
        assertThatThrownBy(() -> DagHeader.parse(Arrays.copyOf(raw, raw.length - 1)))
                .isInstanceOf(MalformedDataException.class).hasMessageStartingWith("truncated");
        assertThatThrownBy(() -> DagHeader.parse(Arrays.copyOf(raw, raw.length + 1)))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("trailing");
        // A count claiming two parents with room for one fails before reading them.
        assertThatThrownBy(() -> DagHeader.parse(Arrays.copyOf(raw, 5 + 32)))
                .isInstanceOf(MalformedDataException.class).hasMessageStartingWith("truncated");
    }
}
