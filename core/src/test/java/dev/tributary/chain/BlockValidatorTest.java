package dev.tributary.chain;

import dev.tributary.validation.Verdict;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.TestData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlockValidatorTest {
    private static final NetworkParameters MAIN = NetworkParameters.MAINNET;
    private static final NetworkParameters REG = NetworkParameters.REGTEST;
    private ChainBuilder chain;

    @BeforeEach
    void builder() {
        chain = ChainBuilder.regtest(21, 1_600_000_000L);
    }

    @Test
    void all439RealBlocksAreValid() {
        List<Block> blocks = TestData.mainnetBlocks();
        assertThat(blocks).hasSize(439);
        for (Block b : blocks) {
            Verdict<BlockRejectReason> v = BlockValidator.validate(b, MAIN);
            assertThat(v.isAccepted()).as("%s: %s", b.hash(), v).isTrue();
            assertThat(v.penalty()).isZero();
        }
    }

    @Test
    void aFlippedByteInARealTransactionBreaksTheMerkleRoot() {
        Block real = TestData.mainnetBlocks().get(170); // the first block with a payment
        assertThat(real.transactions()).hasSize(2);
        Transaction tx = real.transactions().get(1);
        TxOutput out = tx.outputs().get(0);
        Transaction changed = new Transaction(tx.version(), tx.inputs(),
                List.of(new TxOutput(out.value() ^ 1, out.scriptPubKey()), tx.outputs().get(1)), tx.lockTime());
        Verdict<BlockRejectReason> v = BlockValidator.validate(new Block(real.header(), List.of(real.transactions().get(0), changed)), MAIN);
        assertThat(v.reason()).contains(BlockRejectReason.BAD_MERKLE_ROOT);
        assertThat(v.penalty()).isEqualTo(100);
        assertThat(v.message()).contains(real.hash().toString());
        assertThat(BlockRejectReason.BAD_MERKLE_ROOT.isMutation()).isTrue();
    }

    @Test
    void aRealBlockWithAChangedHeaderFailsProofOfWorkAndAnEmptyOneItsMerkleRoot() {
        Block real = TestData.mainnetBlocks().get(9);
        BlockHeader h = real.header();
        Block renonced = new Block(h.withNonce(h.nonce() + 1), real.transactions());
        assertThat(BlockValidator.validate(renonced, MAIN).reason()).contains(BlockRejectReason.HIGH_HASH);
        assertThat(BlockValidator.validate(new Block(h, List.of()), MAIN).reason())
                .contains(BlockRejectReason.BAD_MERKLE_ROOT);
    }

    @Test
    void minedBlocksAreValid() {
        Block plain = chain.extend(chain.tip(), 1, 5, 300).get(0);
        assertThat(BlockValidator.validate(plain, REG).isAccepted()).isTrue();
        Block witness = chain.mine(chain.tip(), List.of(chain.transaction(200, true), chain.transaction(150, false)));
        assertThat(witness.hasWitness()).isTrue();
        assertThat(BlockValidator.validate(witness, REG).isAccepted()).as(BlockValidator.validate(witness, REG).toString()).isTrue();
    }

    @Test
    void duplicatingTheLastOfAnOddNumberOfTransactionsIsAMutation() {
        Block b = chain.extend(chain.tip(), 1, 2, 200).get(0); // coinbase + 2: three transactions
        List<Transaction> txs = new ArrayList<>(b.transactions());
        txs.add(txs.get(2));
        Block mutated = new Block(b.header(), txs);
        assertThat(mutated.computeMerkleRoot().root()).isEqualTo(b.header().merkleRoot());
        assertThat(BlockValidator.validate(mutated, REG).reason()).contains(BlockRejectReason.DUPLICATE_TRANSACTIONS);
    }

    @Test
    void noTransactions() {
        Block b = remined(chain.extendTip(1).get(0), List.of());
        assertThat(BlockValidator.validate(b, REG).reason()).contains(BlockRejectReason.NO_TRANSACTIONS);
    }

    @Test
    void movingTheCoinbaseOrAddingASecondOne() {
        Block b = chain.extend(chain.tip(), 1, 1, 200).get(0);
        List<Transaction> swapped = List.of(b.transactions().get(1), b.transactions().get(0));
        assertThat(BlockValidator.validate(remined(b, swapped), REG).reason()).contains(BlockRejectReason.COINBASE_MISSING);
        Transaction second = BlockMiner.coinbase(99, new byte[] {1, 2}, new byte[] {0x51}, 1, null);
        List<Transaction> two = List.of(b.transactions().get(0), b.transactions().get(1), second);
        assertThat(BlockValidator.validate(remined(b, two), REG).reason()).contains(BlockRejectReason.COINBASE_MULTIPLE);
    }

    @Test
    void coinbaseScriptSigMustBeTwoToAHundredBytes() {
        Block b = chain.extendTip(1).get(0);
        for (int size : new int[] {1, 101}) {
            Transaction cb = withScriptSig(b.transactions().get(0), new byte[size]);
            assertThat(BlockValidator.validate(remined(b, List.of(cb)), REG).reason()).as("size %d", size)
                    .contains(BlockRejectReason.BAD_COINBASE_LENGTH);
        }
        for (int size : new int[] {2, 100}) {
            Transaction cb = withScriptSig(b.transactions().get(0), new byte[size]);
            assertThat(BlockValidator.validate(remined(b, List.of(cb)), REG).isAccepted()).as("size %d", size).isTrue();
        }
    }

    @Test
    void transactionRules() {
        Block b = chain.extendTip(1).get(0);
        Transaction cb = b.transactions().get(0);
        Transaction ok = chain.transaction(100, false);
        TxInput in = ok.inputs().get(0);

        Transaction negative = new Transaction(2, ok.inputs(), List.of(new TxOutput(-1, new byte[] {0x51})), 0);
        Transaction tooLarge = new Transaction(2, ok.inputs(),
                List.of(new TxOutput(TransactionChecks.MAX_MONEY + 1, new byte[] {0x51})), 0);
        Transaction totalTooLarge = new Transaction(2, ok.inputs(), List.of(new TxOutput(TransactionChecks.MAX_MONEY, new byte[0]),
                new TxOutput(1, new byte[0])), 0);
        Transaction twice = new Transaction(2, List.of(in, in), ok.outputs(), 0);
        Transaction nullPrevout = new Transaction(2, List.of(in, new TxInput(OutPoint.NULL, new byte[0], 0, List.of())),
                ok.outputs(), 0);
        Transaction noOutputs = new Transaction(2, ok.inputs(), List.of(), 0);

        assertThat(reasonWith(b, cb, negative)).isEqualTo(BlockRejectReason.TX_NEGATIVE_OUTPUT);
        assertThat(reasonWith(b, cb, tooLarge)).isEqualTo(BlockRejectReason.TX_OUTPUT_TOO_LARGE);
        assertThat(reasonWith(b, cb, totalTooLarge)).isEqualTo(BlockRejectReason.TX_OUTPUT_TOTAL_TOO_LARGE);
        assertThat(reasonWith(b, cb, twice)).isEqualTo(BlockRejectReason.TX_DUPLICATE_INPUTS);
        assertThat(reasonWith(b, cb, nullPrevout)).isEqualTo(BlockRejectReason.TX_NULL_PREVOUT);
        assertThat(reasonWith(b, cb, noOutputs)).isEqualTo(BlockRejectReason.TX_NO_OUTPUTS);
    }

    @Test
    void tooManyLegacySignatureOperations() {
        Block b = chain.extendTip(1).get(0);
        byte[] multisigs = new byte[1001];
        Arrays.fill(multisigs, (byte) 0xae); // OP_CHECKMULTISIG counts 20: 20,020 > 20,000
        Transaction heavy = new Transaction(2, chain.transaction(100, false).inputs(),
                List.of(new TxOutput(1, multisigs)), 0);
        assertThat(reasonWith(b, b.transactions().get(0), heavy)).isEqualTo(BlockRejectReason.TOO_MANY_SIGOPS);
        byte[] fewer = Arrays.copyOf(multisigs, 1000);
        Transaction fine = new Transaction(2, heavy.inputs(), List.of(new TxOutput(1, fewer)), 0);
        assertThat(BlockValidator.validate(remined(b, List.of(b.transactions().get(0), fine)), REG).isAccepted()).isTrue();
        assertThat(TransactionChecks.sigOps(new byte[] {0x02, (byte) 0xac, (byte) 0xac, (byte) 0xac})).isEqualTo(1);
        assertThat(TransactionChecks.sigOps(new byte[] {0x4c})).isZero();
    }

    @Test
    void strippedSizeAboveAMegabyteIsBadLength() {
        Block b = chain.extendTip(1).get(0);
        List<Transaction> txs = new ArrayList<>(List.of(b.transactions().get(0)));
        for (int i = 0; i < 11; i++) {
            txs.add(chain.transaction(95_000, false));
        }
        assertThat(BlockValidator.validate(remined(b, txs), REG).reason()).contains(BlockRejectReason.BAD_LENGTH);
    }

    @Test
    void witnessWithoutCommitmentOrWithAWrongOne() {
        Transaction witnessTx = chain.transaction(120, true);
        Block mined = chain.mine(chain.tip(), List.of(witnessTx));
        Transaction cb = mined.transactions().get(0);

        // A coinbase without the commitment output (and without its witness).
        Transaction bare = new Transaction(cb.version(),
                List.of(new TxInput(OutPoint.NULL, cb.inputs().get(0).scriptSig(), 0xffffffffL, List.of())),
                List.of(cb.outputs().get(0)), 0);
        assertThat(BlockValidator.validate(remined(mined, List.of(bare, witnessTx)), REG).reason())
                .contains(BlockRejectReason.WITNESS_COMMITMENT_MISSING);

        // Changing witness data changes no txid, so the header stays valid, but the commitment breaks.
        TxInput in = witnessTx.inputs().get(0);
        Transaction otherWitness = new Transaction(witnessTx.version(),
                List.of(new TxInput(in.previous(), in.scriptSig(), in.sequence(), List.of(new byte[] {7}))),
                witnessTx.outputs(), 0);
        assertThat(otherWitness.txid()).isEqualTo(witnessTx.txid());
        Verdict<BlockRejectReason> v = BlockValidator.validate(new Block(mined.header(), List.of(cb, otherWitness)), REG);
        assertThat(v.reason()).contains(BlockRejectReason.BAD_WITNESS_COMMITMENT);

        TxInput cbIn = cb.inputs().get(0);
        Transaction twoItems = new Transaction(cb.version(), List.of(new TxInput(cbIn.previous(), cbIn.scriptSig(),
                cbIn.sequence(), List.of(new byte[32], new byte[1]))), cb.outputs(), 0);
        assertThat(BlockValidator.validate(new Block(mined.header(), List.of(twoItems, witnessTx)), REG).reason())
                .contains(BlockRejectReason.BAD_WITNESS_NONCE_SIZE);
    }

    @Test
    void weightAboveFourMillionIsRejected() {
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            txs.add(chain.transaction(100_000, 1_000_000)); // stripped 3 × 100 kB, total 3.3 MB: weight 4.2 M
        }
        Block heavy = chain.mine(chain.tip(), txs);
        Verdict<BlockRejectReason> v = BlockValidator.validate(heavy, REG);
        assertThat(v.reason()).contains(BlockRejectReason.BAD_WEIGHT);
        assertThat(v.message()).contains("weight");
        Block light = chain.mine(chain.tip(), txs.subList(0, 1));
        assertThat(BlockValidator.validate(light, REG).isAccepted()).isTrue();
    }

    private BlockRejectReason reasonWith(Block template, Transaction coinbase, Transaction tx) {
        return BlockValidator.validate(remined(template, List.of(coinbase, tx)), REG).reason().orElseThrow();
    }

    private static Transaction withScriptSig(Transaction cb, byte[] scriptSig) {
        TxInput in = cb.inputs().get(0);
        return new Transaction(cb.version(), List.of(new TxInput(in.previous(), scriptSig, in.sequence(), in.witness())),
                cb.outputs(), cb.lockTime());
    }

    /** {@code template}'s header over {@code txs}: new Merkle root, proof of work ground again. */
    private static Block remined(Block template, List<Transaction> txs) {
        List<Hash> ids = txs.stream().map(Transaction::txid).toList();
        BlockHeader h = template.header();
        BlockHeader header = BlockMiner.solve(new BlockHeader(h.version(), h.prevHash(), MerkleTree.root(ids), h.time(), h.bits(), 0));
        return new Block(header, txs);
    }
}
