package dev.tributary.chain;

import dev.tributary.wire.WireFixtures;
import dev.tributary.chain.message.BlockMessage;
import dev.tributary.net.bitcoin.BitcoinMessages;
import static dev.tributary.wire.WireFixtures.hex;
import static dev.tributary.wire.WireFixtures.mainnetBlock;
import static dev.tributary.wire.WireFixtures.mainnetBlocks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.bytes.Hash;
import dev.tributary.bytes.MalformedDataException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both transaction serializations (BIP 144), txid versus wtxid, and byte-exact re-serialization of real blocks. */
public class TransactionTest {

    /**
     * A hand-built segwit transaction (BIP 144 layout), spending output 1 of block 170's spend to a P2WPKH output.
     * The witness items are a 4-byte dummy and the secp256k1 generator point G, compressed.
     */
    public static final String SEGWIT_TX = "02000000" // version 2
            + "00" + "01" // marker, flag
            + "01" // one input
            + "169e1e83e930853391bc6f35f605c6754cfead57cf8387639d3b4096c54f18f4" + "01000000" // outpoint f4184fc5...:1
            + "00" // empty scriptSig
            + "fdffffff" // sequence: RBF-signalling
            + "01" // one output
            + "50c3000000000000" // 50,000 sat
            + "16" + "0014751e76e8199196d454941c45d1b3a323f1433bd6" // P2WPKH, the key hash of BIP 173's example
            + "02" // witness of input 0: two items
            + "04" + "deadbeef"
            + "21" + "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
            + "00000000"; // lock time

    /** The same transaction without marker, flag and witness: what the txid commits to. */
    public static final String SEGWIT_TX_LEGACY_FORM = "02000000" + "01"
            + "169e1e83e930853391bc6f35f605c6754cfead57cf8387639d3b4096c54f18f4" + "01000000" + "00" + "fdffffff"
            + "01" + "50c3000000000000" + "16" + "0014751e76e8199196d454941c45d1b3a323f1433bd6"
            + "00000000";

    // Computed independently with Python's hashlib: sha256d of each serialization, displayed reversed.
    public static final String SEGWIT_TXID = "c87c423c3a3fbf70f5d560dd1951405ff45b454c188f5df8153bfb43a8cbb1a2";
    static final String SEGWIT_WTXID = "649c1cb53d68aa5d714c74c4d714fa048d208ec1884ed75ac2622e06d439da1e";

    @Test
    void segwitTransactionParsesAndSerializesByteExactly() {
        Transaction tx = Transaction.parse(hex(SEGWIT_TX));
        assertThat(tx.hasWitness()).isTrue();
        assertThat(tx.version()).isEqualTo(2);
        assertThat(tx.lockTime()).isZero();
        assertThat(tx.inputs()).hasSize(1);
        TxInput in = tx.inputs().get(0);
        assertThat(in.previous().index()).isEqualTo(1);
        assertThat(in.previous().txid().toString())
                .isEqualTo("f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16");
        assertThat(in.scriptSig()).isEmpty();
        assertThat(in.sequence()).isEqualTo(0xfffffffdL);
        assertThat(in.witness()).hasSize(2);
        assertThat(hex(in.witness().get(0))).isEqualTo("deadbeef");
        assertThat(in.witness().get(1)).hasSize(33);
        assertThat(tx.outputs().get(0).value()).isEqualTo(50_000);

        assertThat(hex(tx.serialize(true))).isEqualTo(SEGWIT_TX);
        assertThat(hex(tx.serialize(false))).isEqualTo(SEGWIT_TX_LEGACY_FORM);
    }

    @Test
    void segwitTxidCommitsToTheLegacyFormAndWtxidToTheWitnessForm() {
        Transaction tx = Transaction.parse(hex(SEGWIT_TX));
        assertThat(tx.txid().toString()).isEqualTo(SEGWIT_TXID);
        assertThat(tx.wtxid().toString()).isEqualTo(SEGWIT_WTXID);
        assertThat(tx.txid()).isNotEqualTo(tx.wtxid());
        // the legacy form parses into a transaction with the same txid and no witness
        Transaction stripped = Transaction.parse(hex(SEGWIT_TX_LEGACY_FORM));
        assertThat(stripped.hasWitness()).isFalse();
        assertThat(stripped.txid()).isEqualTo(tx.txid());
        assertThat(stripped.wtxid()).isEqualTo(tx.txid());
        // same txid, different witness: not the same transaction
        assertThat(stripped).isNotEqualTo(tx);
    }

    @Test
    void legacyTransactionsWtxidIsItsTxid() {
        Transaction tx = Block.parse(mainnetBlock(170)).transactions().get(1);
        assertThat(tx.hasWitness()).isFalse();
        assertThat(tx.wtxid()).isEqualTo(tx.txid());
        assertThat(tx.serialize(true)).isEqualTo(tx.serialize(false));
        assertThat(tx.isCoinbase()).isFalse();
    }

    @Test
    void witnessOnlyOnSomeInputsRoundTrips() {
        TxInput bare = new TxInput(new OutPoint(Hash.fromDisplayHex(SEGWIT_TXID), 0), hex("51"), 0xffffffffL, List.of());
        TxInput witnessed = new TxInput(new OutPoint(Hash.fromDisplayHex(SEGWIT_WTXID), 7), new byte[0], 0,
                List.of(new byte[0], hex("0102")));
        Transaction tx = new Transaction(1, List.of(bare, witnessed), List.of(new TxOutput(1, hex("6a"))), 500_000);
        byte[] full = tx.serialize(true);
        // version | 00 01 | 2 inputs ... | witness of input 0: no items | witness of input 1: two items
        assertThat(hex(full)).startsWith("01000000" + "0001" + "02");
        assertThat(hex(full)).endsWith("00" + "02" + "00" + "020102" + "20a10700");
        Transaction back = Transaction.parse(full);
        assertThat(back).isEqualTo(tx);
        assertThat(back.serialize(true)).isEqualTo(full);
        assertThat(back.inputs().get(0).witness()).isEmpty();
        assertThat(back.inputs().get(1).witness()).hasSize(2);
        assertThat(back.txid()).isEqualTo(tx.txid()).isNotEqualTo(back.wtxid());
    }

    @Test
    void unknownWitnessFlagIsRejected() {
        String flag2 = SEGWIT_TX.substring(0, 8) + "0002" + SEGWIT_TX.substring(12);
        assertThatThrownBy(() -> Transaction.parse(hex(flag2)))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("flag 2");
    }

    @Test
    void witnessSerializationWithOnlyEmptyWitnessesIsRejected() {
        // Bitcoin Core: "Superfluous witness record"
        String empty = "02000000" + "0001" + SEGWIT_TX_LEGACY_FORM.substring(8, SEGWIT_TX_LEGACY_FORM.length() - 8)
                + "00" + "00000000";
        assertThatThrownBy(() -> Transaction.parse(hex(empty)))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("empty witnesses");
    }

    @Test
    void witnessSerializationWithNoInputsIsRejected() {
        assertThatThrownBy(() -> Transaction.parse(hex("02000000" + "0001" + "00" + "00" + "00000000")))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("no inputs");
    }

    @Test
    void truncatedOrPaddedTransactionsAreRejected() {
        byte[] raw = hex(SEGWIT_TX);
        for (int len = 0; len < raw.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(raw, len);
            assertThatThrownBy(() -> Transaction.parse(cut)).as("first %d bytes", len)
                    .isInstanceOf(MalformedDataException.class);
        }
        assertThatThrownBy(() -> Transaction.parse(hex(SEGWIT_TX + "00")))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("trailing");
    }

    @Test
    void scriptsLongerThan252BytesUseAThreeByteLength() {
        byte[] script = new byte[300];
        Transaction tx = new Transaction(1, List.of(new TxInput(OutPoint.NULL, script, 0, List.of())),
                List.of(new TxOutput(0, script)), 0);
        String h = hex(tx.serialize(true));
        assertThat(h).contains("ffffffff" + "fd2c01" + "00".repeat(300));
        assertThat(Transaction.parse(tx.serialize(true))).isEqualTo(tx);
        assertThat(tx.isCoinbase()).isTrue();
    }

    @Test
    void uint32FieldsAreKeptUnsigned() {
        Transaction tx = new Transaction(-1, List.of(new TxInput(OutPoint.NULL, new byte[0], 0xffffffffL, List.of())),
                List.of(), -1);
        assertThat(tx.lockTime()).isEqualTo(0xffffffffL);
        Transaction back = Transaction.parse(tx.serialize(true));
        assertThat(back.version()).isEqualTo(-1);
        assertThat(back.lockTime()).isEqualTo(0xffffffffL);
        assertThat(back.inputs().get(0).sequence()).isEqualTo(0xffffffffL);
    }

    @Test
    void everyMainnetBlockReserializesByteExactly() {
        List<byte[]> raw = mainnetBlocks();
        assertThat(raw).hasSize(439);
        for (int height = 0; height < raw.size(); height++) {
            Block b = Block.parse(raw.get(height));
            assertThat(b.serialize()).as("block %d", height).isEqualTo(raw.get(height));
            assertThat(b.serialize(false)).as("block %d without witness", height).isEqualTo(raw.get(height));
            assertThat(b.hasWitness()).isFalse();
            for (Transaction tx : b.transactions()) {
                assertThat(Transaction.parse(tx.serialize(true))).isEqualTo(tx);
            }
        }
    }

    @Test
    void aBlockWithASegwitTransactionSerializesBothWays() {
        Block genesis = Block.parse(mainnetBlock(0));
        Transaction segwit = Transaction.parse(hex(SEGWIT_TX));
        Block b = new Block(genesis.header(), List.of(genesis.transactions().get(0), segwit));
        assertThat(b.hasWitness()).isTrue();
        byte[] full = b.serialize();
        byte[] stripped = b.serialize(false);
        assertThat(full).hasSize(stripped.length + (SEGWIT_TX.length() - SEGWIT_TX_LEGACY_FORM.length()) / 2);
        Block back = Block.parse(full);
        assertThat(back).isEqualTo(b);
        assertThat(back.serialize()).isEqualTo(full);
        assertThat(back.transactions().get(1).wtxid().toString()).isEqualTo(SEGWIT_WTXID);
        Block backStripped = Block.parse(stripped);
        assertThat(backStripped.hasWitness()).isFalse();
        assertThat(backStripped.transactions().get(1).txid().toString()).isEqualTo(SEGWIT_TXID);
        // the Merkle root commits to txids, so stripping witnesses does not change it
        assertThat(backStripped.computeMerkleRoot()).isEqualTo(back.computeMerkleRoot());
    }

    /**
     * Regression: Block.read bounded its transaction count by a minimum transaction size of 60 bytes, which assumed
     * at least one output; a well-formed 51-byte transaction with no outputs (which Transaction.parse accepts, and
     * which only validation rejects, as Bitcoin Core's bad-txns-vout-empty) made the block fail as "truncated".
     */
    @Test
    void blockMinimumTransactionSize_allowsATransactionWithoutOutputs() {
        Transaction noOutputs = new Transaction(1, List.of(new TxInput(OutPoint.NULL, new byte[0], 0, List.of())),
                List.of(), 0);
        assertThat(noOutputs.serialize(true)).hasSize(51);
        assertThat(Transaction.parse(noOutputs.serialize(true))).isEqualTo(noOutputs);
        Block b = new Block(Block.parse(mainnetBlock(0)).header(), List.of(noOutputs));
        byte[] raw = b.serialize();
        assertThat(Block.parse(raw)).isEqualTo(b);
        assertThat(WireFixtures.decodedMessage(BitcoinMessages.codec().decode("block", raw)))
                .isEqualTo(new BlockMessage(b));
    }

    @Test
    void blockParseRejectsTrailingBytesAndTruncation() {
        byte[] raw = mainnetBlock(0);
        byte[] longer = java.util.Arrays.copyOf(raw, raw.length + 1);
        assertThatThrownBy(() -> Block.parse(longer)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("trailing");
        byte[] shorter = java.util.Arrays.copyOf(raw, raw.length - 1);
        assertThatThrownBy(() -> Block.parse(shorter)).isInstanceOf(MalformedDataException.class);
    }
}
