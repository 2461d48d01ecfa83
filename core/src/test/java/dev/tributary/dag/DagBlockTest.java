package dev.tributary.dag;

import static dev.tributary.dag.DagFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.bytes.Hash;
import dev.tributary.bytes.MalformedDataException;
import dev.tributary.chain.OutPoint;
import dev.tributary.chain.Transaction;
import dev.tributary.chain.TxInput;
import dev.tributary.chain.TxOutput;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagBlockTest {
    /** The genesis coinbase, by hand: scriptSig = OP_0, push(48 bytes of message); 50 coins to OP_TRUE. */
    static final String GENESIS_COINBASE = "01000000" // version
            + "01" + "0000000000000000000000000000000000000000000000000000000000000000" + "ffffffff" // null outpoint
            + "32" + "00" + "30" + "54726962757461727920646167746573742067656e657369733a206d616e7920706172656e74732c206f6e6520444147"
            + "ffffffff" // sequence
            + "01" + "00f2052a01000000" + "01" + "51" // 50 * 10^8, OP_TRUE
            + "00000000"; // lock time

    @Test
    void genesisBlockMatchesItsGoldenBytes() {
        DagBlock genesis = DagParameters.DAGTEST.genesisBlock();
        String expected = hex(genesis.header().serialize()) + "01" + GENESIS_COINBASE;
        assertThat(hex(genesis.serialize())).isEqualTo(expected);
        assertThat(genesis.size()).isEqualTo(expected.length() / 2);
        assertThat(genesis.transactions().get(0).txid())
                .isEqualTo(Hash.fromDisplayHex("c1745e6b86e937dcab0f19d358aba4f2acd75e4cd559a67dd65040c8cf640d38"));
        assertThat(genesis.header().merkleRoot()).isEqualTo(genesis.transactions().get(0).txid());
        assertThat(DagBlock.parse(hex(expected))).isEqualTo(genesis);
    }

    @Test
    void genesisMeetsTheProofOfWorkOfItsBits() {
        DagParameters p = DagParameters.DAGTEST;
        assertThat(p.powTarget()).isEqualTo(BigInteger.valueOf(0x7fffff).shiftLeft(8 * 29));
        assertThat(p.genesisHash().toBigInteger()).isLessThanOrEqualTo(p.powTarget());
        // The nonce is the first that works: nonces 0 and 1 miss the target.
        assertThat(p.genesisBlock().header().withNonce(0).hash().toBigInteger()).isGreaterThan(p.powTarget());
        assertThat(p.genesisBlock().header().withNonce(1).hash().toBigInteger()).isGreaterThan(p.powTarget());
    }

    @Test
    void aBlockOverFourMegabytesIsRejectedWhileParsing() {
        byte[] big = new byte[DagBlock.MAX_SIZE];
        Transaction tx = new Transaction(1, List.of(new TxInput(OutPoint.NULL, new byte[] {0, 0}, 0, List.of())),
                List.of(new TxOutput(0, big)), 0);
        DagBlock block = new DagBlock(DagParameters.DAGTEST.genesisBlock().header(), List.of(tx));
        assertThat(block.size()).isGreaterThan(DagBlock.MAX_SIZE);
        assertThatThrownBy(() -> DagBlock.parse(block.serialize()))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("block exceeds 4000000 bytes at transaction 0");
    }

    @Test
    void aCountOfTransactionsTheBytesCannotHoldFailsBeforeAllocating() {
        byte[] header = DagParameters.DAGTEST.genesisBlock().header().serialize();
        byte[] raw = new byte[header.length + 5];
        System.arraycopy(header, 0, raw, 0, header.length);
        raw[header.length] = (byte) 0xfe; // 4-byte count follows: 0x01000000
        raw[header.length + 4] = 0x01;
        assertThatThrownBy(() -> DagBlock.parse(raw)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("exceeds the limit");
    }
}
