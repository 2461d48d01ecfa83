package dev.tributary.dag.message;

import static dev.tributary.dag.DagFixtures.NOW;
import static dev.tributary.dag.DagFixtures.PARAMS;
import static dev.tributary.dag.DagFixtures.filled;
import static dev.tributary.dag.DagFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import dev.tributary.dag.BlockAtHeight;
import dev.tributary.dag.DagIndex;
import dev.tributary.dag.DagLocator;
import dev.tributary.dag.DagMiner;
import dev.tributary.dag.DagState;
import dev.tributary.sync.inventory.DagInventoryProtocol;
import dev.tributary.testing.DagBuilder;
import dev.tributary.wire.DecodeResult;
import dev.tributary.wire.FrameCodec;
import dev.tributary.wire.Message;
import dev.tributary.wire.MessageCodec;
import dev.tributary.wire.WireError;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reconciliation messages ({@code dagtips}, {@code getdagrange}, {@code dagrange}) as docs/dagtest-protocol.md
 * lays them out: golden frames written field by field (checksums computed independently with Python's hashlib),
 * round trips, and every rule a decoder enforces (a message breaking one is malformed, 20 points).
 */
class DagReconciliationMessagesTest {
    private static final MessageCodec CODEC = DagInventoryProtocol.codec();

    static final String DAGTIPS_FRAME = "d6a9c7e5" + "646167746970730000000000" + "75000000" + "babce3c2"
            + "1140b574afee3cb89a4db3dc8037acfa856f5112e68a954e3ca0a908082c98ba" // tips hash
            + "0500000000000000" // block count 5
            + "03000000" // min tip height 3
            + "04000000" // max tip height 4
            + "02000000" // tip count 2
            + "02" // listed 2
            + "1111111111111111111111111111111111111111111111111111111111111111"
            + "2222222222222222222222222222222222222222222222222222222222222222";

    static final String GETDAGRANGE_LOCATE_FRAME = "d6a9c7e5" + "67657464616772616e676500" + "6d000000" + "36336ee2"
            + "02" // two locator entries
            + "07000000" + "3333333333333333333333333333333333333333333333333333333333333333"
            + "00000000" + "4444444444444444444444444444444444444444444444444444444444444444"
            + "00000000" + "0000000000000000000000000000000000000000000000000000000000000000"; // no cursor

    static final String GETDAGRANGE_AFTER_FRAME = "d6a9c7e5" + "67657464616772616e676500" + "25000000" + "d74aa666"
            + "00" // no locator
            + "01000000" + "5555555555555555555555555555555555555555555555555555555555555555"; // cursor

    static final String DAGRANGE_FRAME = "d6a9c7e5" + "64616772616e676500000000" + "4a000000" + "9e45295a"
            + "02"
            + "01000000" + "6666666666666666666666666666666666666666666666666666666666666666"
            + "02000000" + "7777777777777777777777777777777777777777777777777777777777777777"
            + "01"; // more

    private static Message decode(String command, byte[] payload) {
        DecodeResult r = CODEC.decode(command, payload);
        assertThat(r).as("%s", r).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) r).message();
    }

    private static WireError failure(String command, byte[] payload) {
        DecodeResult r = CODEC.decode(command, payload);
        assertThat(r).as("%s", r).isInstanceOf(DecodeResult.Failed.class);
        WireError e = ((DecodeResult.Failed) r).error();
        assertThat(e.kind()).isEqualTo(WireError.Kind.MALFORMED_PAYLOAD);
        return e;
    }

    @Test
    void dagtipsGoldenFrame() {
        List<Hash> tips = List.of(filled(0x11), filled(0x22));
        DagTipsMessage m = new DagTipsMessage(DagState.tipsHash(tips), 5, 3, 4, 2, tips);
        assertThat(hex(FrameCodec.encode(PARAMS.magic(), m))).isEqualTo(DAGTIPS_FRAME);
        assertThat(decode("dagtips", m.payload())).isEqualTo(m);
        assertThat(m.listsAllTips()).isTrue();
    }

    @Test
    void getdagrangeGoldenFrames() {
        GetDagRangeMessage locate = GetDagRangeMessage.locate(new DagLocator(List.of(
                new DagLocator.Entry(7, filled(0x33)), new DagLocator.Entry(0, filled(0x44)))));
        assertThat(hex(FrameCodec.encode(PARAMS.magic(), locate))).isEqualTo(GETDAGRANGE_LOCATE_FRAME);
        assertThat(decode("getdagrange", locate.payload())).isEqualTo(locate);
        assertThat(locate.locates()).isTrue();

        GetDagRangeMessage after = GetDagRangeMessage.after(new BlockAtHeight(filled(0x55), 1));
        assertThat(hex(FrameCodec.encode(PARAMS.magic(), after))).isEqualTo(GETDAGRANGE_AFTER_FRAME);
        assertThat(decode("getdagrange", after.payload())).isEqualTo(after);
        assertThat(after.locates()).isFalse();
    }

    @Test
    void dagrangeGoldenFrame() {
        DagRangeMessage m = new DagRangeMessage(List.of(new BlockAtHeight(filled(0x66), 1),
                new BlockAtHeight(filled(0x77), 2)), true);
        assertThat(hex(FrameCodec.encode(PARAMS.magic(), m))).isEqualTo(DAGRANGE_FRAME);
        assertThat(decode("dagrange", m.payload())).isEqualTo(m);
    }

    @Test
    void aStateWithManyTipsListsTheFirst64AndItsTipCount() {
        DagIndex dag = DagIndex.create(PARAMS);
        for (int i = 0; i < 70; i++) {
            dag.add(new DagMiner(PARAMS).mineOn(List.of(BlockAtHeight.of(PARAMS.genesisBlock())), List.of(),
                    NOW, ("tip " + i).getBytes()));
        }
        DagTipsMessage m = DagTipsMessage.of(dag.state());
        assertThat(m.tipCount()).isEqualTo(70);
        assertThat(m.listedTips()).hasSize(64).isEqualTo(dag.state().tips().subList(0, 64));
        assertThat(m.listsAllTips()).isFalse();
        assertThat(decode("dagtips", m.payload())).isEqualTo(m);

        DagTipsMessage small = DagTipsMessage.of(DagBuilder.index(DagBuilder.grow(3, 40, new Random(2))).state());
        assertThat(decode("dagtips", small.payload())).isEqualTo(small);
    }

    @Test
    void dagtipsBreakingARuleDoesNotDecode() {
        List<Hash> tips = List.of(filled(0x11), filled(0x22));
        assertThat(failure("dagtips", tipsPayload(filled(0x99), 5, 3, 4, 2, tips)).detail())
                .contains("do not hash to the tips hash");
        assertThat(failure("dagtips", tipsPayload(DagState.tipsHash(tips), 5, 3, 4, 2, List.of(filled(0x22), filled(0x11))))
                .detail()).contains("not strictly ascending");
        failure("dagtips", tipsPayload(DagState.tipsHash(tips), 5, 3, 4, 1, tips)); // more listed than there are
        failure("dagtips", tipsPayload(DagState.tipsHash(tips), 0, 3, 4, 2, tips)); // no block
        failure("dagtips", tipsPayload(DagState.tipsHash(tips), 5, 4, 3, 2, tips)); // min above max
        failure("dagtips", tipsPayload(DagState.tipsHash(tips), 5, 3, 4, 2, List.of())); // nothing listed
        List<Hash> many = new ArrayList<>();
        for (int i = 1; i <= 65; i++) {
            many.add(filled(i));
        }
        assertThat(failure("dagtips", tipsPayload(filled(0x99), 100, 3, 4, 100, many)).detail()).contains("exceeds");
        assertThatThrownBy(() -> new DagTipsMessage(filled(1), 5, 3, 4, 1, tips))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] tipsPayload(Hash tipsHash, long blocks, int min, int max, int tipCount, List<Hash> tips) {
        ByteWriter w = new ByteWriter().writeHash(tipsHash).writeInt64LE(blocks).writeInt32LE(min).writeInt32LE(max)
                .writeInt32LE(tipCount).writeVarInt(tips.size());
        tips.forEach(w::writeHash);
        return w.toByteArray();
    }

    @Test
    void getdagrangeBreakingARuleDoesNotDecode() {
        // Heights not strictly decreasing.
        failure("getdagrange", new ByteWriter().writeVarInt(2).writeInt32LE(3).writeHash(filled(1)).writeInt32LE(3)
                .writeHash(filled(2)).writeInt32LE(0).writeHash(Hash.ZERO).toByteArray());
        // A negative locator height.
        failure("getdagrange", new ByteWriter().writeVarInt(1).writeInt32LE(-1).writeHash(filled(1)).writeInt32LE(0)
                .writeHash(Hash.ZERO).toByteArray());
        // A locator and a cursor.
        assertThat(failure("getdagrange", new ByteWriter().writeVarInt(1).writeInt32LE(0).writeHash(filled(1))
                .writeInt32LE(4).writeHash(filled(2)).toByteArray()).detail()).contains("both a locator and a cursor");
        // A cursor at a negative height.
        failure("getdagrange", new ByteWriter().writeVarInt(0).writeInt32LE(-2).writeHash(filled(2)).toByteArray());
        // 65 locator entries.
        ByteWriter w = new ByteWriter().writeVarInt(65);
        for (int i = 64; i >= 0; i--) {
            w.writeInt32LE(i).writeHash(filled(1));
        }
        failure("getdagrange", w.writeInt32LE(0).writeHash(Hash.ZERO).toByteArray());
        // Trailing bytes.
        failure("getdagrange", new ByteWriter().writeVarInt(0).writeInt32LE(1).writeHash(filled(2)).writeUInt8(0)
                .toByteArray());
        assertThatThrownBy(() -> GetDagRangeMessage.locate(new DagLocator(List.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dagrangeBreakingARuleDoesNotDecode() {
        assertThat(failure("dagrange", rangePayload(List.of(new BlockAtHeight(filled(2), 1),
                new BlockAtHeight(filled(1), 1)), 0)).detail()).contains("canonical order");
        failure("dagrange", rangePayload(List.of(new BlockAtHeight(filled(2), 1), new BlockAtHeight(filled(2), 1)), 0));
        failure("dagrange", rangePayload(List.of(), 1)); // more after nothing
        failure("dagrange", rangePayload(List.of(new BlockAtHeight(filled(2), 1)), 2)); // a flag of 2
        List<BlockAtHeight> tooMany = new ArrayList<>();
        for (int i = 0; i <= DagRangeMessage.MAX_ENTRIES; i++) {
            tooMany.add(new BlockAtHeight(filled(1), i));
        }
        assertThat(failure("dagrange", rangePayload(tooMany, 0)).detail()).contains("exceeds the limit of 2000");
        assertThat(decode("dagrange", rangePayload(List.of(), 0))).isEqualTo(new DagRangeMessage(List.of(), false));
    }

    private static byte[] rangePayload(List<BlockAtHeight> blocks, int more) {
        ByteWriter w = new ByteWriter().writeVarInt(blocks.size());
        blocks.forEach(b -> w.writeInt32LE(b.height()).writeHash(b.hash()));
        return w.writeUInt8(more).toByteArray();
    }
}
