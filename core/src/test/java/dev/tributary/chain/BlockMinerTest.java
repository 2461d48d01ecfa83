package dev.tributary.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.testing.ChainBuilder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlockMinerTest {
    private static final byte[] OP_TRUE = {0x51};

    @Test
    void aMinedRegtestChainValidatesHeaderByHeaderAndBlockByBlock() {
        ChainBuilder chain = ChainBuilder.regtest(31, 1_600_000_000L);
        chain.extend(chain.tip(), 30, 3, 250);
        List<Block> blocks = chain.mainChainBlocks();
        BlockIndex index = BlockIndex.fromGenesis(NetworkParameters.REGTEST);

        AttachResult r = new HeaderChainAttacher(index).attach(ChainBuilder.headers(blocks), chain.latestTime());

        assertThat(r.isComplete()).isTrue();
        assertThat(index.tip().height()).isEqualTo(30);
        for (Block b : blocks) {
            assertThat(BlockValidator.validate(b, NetworkParameters.REGTEST).isAccepted()).isTrue();
            assertThat(b.serialize().length).isGreaterThan(b == blocks.get(0) ? 0 : 80 + 3 * 250);
        }
        assertThat(blocks.get(1).header().version()).isEqualTo(BlockMiner.BLOCK_VERSION);
    }

    @Test
    void theSameSeedBuildsTheSameChain() {
        ChainBuilder a = ChainBuilder.regtest(5, 1_600_000_000L);
        ChainBuilder b = ChainBuilder.regtest(5, 1_600_000_000L);
        a.extend(a.tip(), 10, 1, 100);
        b.extend(b.tip(), 10, 1, 100);
        assertThat(a.tip()).isEqualTo(b.tip());
        ChainBuilder c = ChainBuilder.regtest(6, 1_600_000_000L);
        c.extend(c.tip(), 10, 1, 100);
        assertThat(c.tip().hash()).isNotEqualTo(a.tip().hash());
    }

    @ParameterizedTest(name = "height {0} -> {1}")
    @CsvSource({"1, 51", "16, 60", "17, 0111", "127, 017f", "128, 028000", "255, 02ff00", "256, 020001",
            "65535, 03ffff00", "8388608, 0400008000", "840000, 0340d10c"})
    void coinbaseStartsWithTheHeightAsBip34Requires(int height, String prefix) {
        Transaction cb = BlockMiner.coinbase(height, new byte[0], OP_TRUE, 1, null);
        String scriptSig = HexFormat.of().formatHex(cb.inputs().get(0).scriptSig());
        assertThat(scriptSig).startsWith(prefix);
        assertThat(cb.isCoinbase()).isTrue();
        assertThat(cb.inputs().get(0).scriptSig().length).isBetween(2, 100);
    }

    @Test
    void aPayloadTooLongForTheCoinbaseIsRefused() {
        // OP_5, then OP_PUSHDATA1 and a length byte, then the payload.
        assertThat(BlockMiner.coinbase(5, new byte[97], OP_TRUE, 1, null).inputs().get(0).scriptSig()).hasSize(100);
        assertThatThrownBy(() -> BlockMiner.coinbase(5, new byte[98], OP_TRUE, 1, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("101");
    }

    @Test
    void subsidyHalves() {
        assertThat(BlockMiner.subsidy(1, NetworkParameters.MAINNET)).isEqualTo(5_000_000_000L);
        assertThat(BlockMiner.subsidy(209_999, NetworkParameters.MAINNET)).isEqualTo(5_000_000_000L);
        assertThat(BlockMiner.subsidy(210_000, NetworkParameters.MAINNET)).isEqualTo(2_500_000_000L);
        assertThat(BlockMiner.subsidy(840_000, NetworkParameters.MAINNET)).isEqualTo(312_500_000L);
        assertThat(BlockMiner.subsidy(150, NetworkParameters.REGTEST)).isEqualTo(2_500_000_000L);
        assertThat(BlockMiner.subsidy(64 * 150, NetworkParameters.REGTEST)).isZero();
        ChainBuilder chain = ChainBuilder.regtest(1, 1_600_000_000L);
        assertThat(chain.extendTip(1).get(0).transactions().get(0).outputs().get(0).value()).isEqualTo(5_000_000_000L);
    }

    @Test
    void witnessTransactionsGetACommitmentAndTheReservedValue() {
        ChainBuilder chain = ChainBuilder.regtest(2, 1_600_000_000L);
        Block b = chain.mine(chain.tip(), List.of(chain.transaction(100, true)));
        Transaction cb = b.transactions().get(0);
        assertThat(cb.inputs().get(0).witness()).hasSize(1);
        assertThat(cb.inputs().get(0).witness().get(0)).hasSize(32);
        int at = WitnessCommitment.findOutput(cb);
        assertThat(at).isEqualTo(1);
        assertThat(cb.outputs().get(at).value()).isZero();
        assertThat(WitnessCommitment.committedHash(cb.outputs().get(at).scriptPubKey())).isEqualTo(
                WitnessCommitment.commitment(WitnessCommitment.witnessMerkleRoot(b.transactions()), new byte[32]));
        Block plain = chain.mine(chain.tip(), List.of(chain.transaction(100, false)));
        assertThat(WitnessCommitment.findOutput(plain.transactions().get(0))).isEqualTo(-1);
    }

    @Test
    void theTimeIsRaisedAboveTheMedianTimePast() {
        ChainBuilder chain = ChainBuilder.regtest(3, 1_600_000_000L);
        chain.extendTip(12);
        HeaderSyncData tip = chain.tip();
        Block b = new BlockMiner(NetworkParameters.REGTEST).mine(tip, chain.index(), List.of(), 1_000, new byte[] {9}, OP_TRUE);
        assertThat(b.header().time()).isEqualTo(MedianTimePast.of(tip, chain.index()) + 1);
        assertThat(new HeaderValidator(NetworkParameters.REGTEST).validate(b.header(), tip, chain.index(), 1_700_000_000L)
                .isAccepted()).isTrue();
    }

    @Test
    void scriptNumbersAreMinimalSignMagnitude() {
        assertThat(ScriptWriter.scriptNum(0)).isEmpty();
        assertThat(ScriptWriter.scriptNum(-1)).containsExactly(0x81);
        assertThat(ScriptWriter.scriptNum(127)).containsExactly(0x7f);
        assertThat(ScriptWriter.scriptNum(128)).containsExactly(0x80, 0x00);
        assertThat(ScriptWriter.scriptNum(-128)).containsExactly(0x80, 0x80);
        assertThat(ScriptWriter.scriptNum(486604799)).containsExactly(0xff, 0xff, 0x00, 0x1d);
        assertThat(new ScriptWriter().pushNumber(-1).pushNumber(0).toByteArray()).containsExactly(0x4f, 0x00);
        assertThat(new ScriptWriter().push(new byte[76]).toByteArray()).startsWith(0x4c, 76);
        assertThat(new ScriptWriter().push(new byte[300]).toByteArray()).startsWith(0x4d, 0x2c, 0x01);
    }
}
