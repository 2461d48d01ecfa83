package dev.tributary.dag;

import dev.tributary.validation.Verdict;
import static dev.tributary.dag.DagFixtures.GENESIS;
import static dev.tributary.dag.DagFixtures.NOW;
import static dev.tributary.dag.DagFixtures.PARAMS;
import static dev.tributary.dag.DagFixtures.filled;
import static dev.tributary.dag.DagFixtures.mineAndAdd;
import static dev.tributary.dag.DagFixtures.mineOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.MerkleTree;
import dev.tributary.chain.OutPoint;
import dev.tributary.chain.Transaction;
import dev.tributary.chain.TxInput;
import dev.tributary.chain.TxOutput;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DagValidatorTest {
    private final DagValidator validator = new DagValidator(PARAMS);
    private DagIndex dag;

    @BeforeEach
    void newDag() {
        dag = DagIndex.create(PARAMS);
    }

    /** A solved block with the given fields, the Merkle root computed from {@code txs}. */
    private static DagBlock block(List<Hash> parents, int height, long time, List<Transaction> txs) {
        List<Hash> ids = txs.stream().map(Transaction::txid).toList();
        DagHeader h = new DagHeader(1, parents, MerkleTree.root(ids), time, PARAMS.powBits(), height, 0);
        return new DagBlock(DagMiner.solve(h, PARAMS.powTarget()), txs);
    }

    private static DagBlock onGenesis(List<Transaction> txs) {
        return block(List.of(GENESIS.hash()), 1, NOW, txs);
    }

    private static Transaction spend(int seed) {
        return new Transaction(1, List.of(new TxInput(new OutPoint(filled(seed), 0), new byte[0], 0xffffffffL, List.of())),
                List.of(new TxOutput(1, new byte[] {0x51})), 0);
    }

    private Verdict<DagRejectReason> validate(DagBlock b) {
        return validator.validate(b, dag, NOW);
    }

    private void assertRejected(DagBlock b, DagRejectReason reason) {
        Verdict<DagRejectReason> v = validate(b);
        assertThat(v.isRejected()).as(v.toString()).isTrue();
        assertThat(v.reason()).contains(reason);
        assertThat(v.penalty()).isEqualTo(reason.penalty());
        assertThat(v.toString()).startsWith(reason.coreName() + ": block " + b.hash());
    }

    @Test
    void aMinedBlockIsAccepted() {
        DagBlock b = new DagMiner(PARAMS).mine(dag, List.of(spend(1), spend(2)), NOW, new byte[0]);
        Verdict<DagRejectReason> v = validate(b);
        assertThat(v.isAccepted()).as(v.toString()).isTrue();
        assertThat(v.penalty()).isZero();
        assertThat(v).hasToString("accepted");
    }

    @Test
    void aKnownBlockIsADuplicateWithoutPenalty() {
        assertRejected(GENESIS, DagRejectReason.DUPLICATE);
        assertThat(validate(GENESIS).penalty()).isZero();
    }

    @Test
    void missingParentsMakeAnOrphanNotARejection() {
        DagBlock a = mineOn(dag, "a", GENESIS.hash());
        DagBlock b = mineOn(dag, "b", GENESIS.hash());
        DagIndex other = DagIndex.create(PARAMS);
        other.add(a);
        other.add(b);
        DagBlock child = mineOn(other, "child", a.hash(), b.hash());
        dag.add(a);
        Verdict<DagRejectReason> v = validate(child);
        assertThat(v.isOrphan()).isTrue();
        assertThat(v.isRejected()).isFalse();
        assertThat(v.missingParents()).containsExactly(b.hash());
        assertThat(v.penalty()).isZero();
        assertThat(v).hasToString("orphan: missing parents [" + b.hash() + "]");
        dag.add(b);
        assertThat(validate(child).isAccepted()).isTrue();
    }

    @Test
    void anOrphanThatBreaksAContextFreeRuleIsRejected() {
        DagBlock orphan = block(List.of(filled(9)), 7, NOW + 100_000, List.of(DagMiner.coinbase(7, new byte[0])));
        assertRejected(orphan, DagRejectReason.TIME_TOO_NEW);
    }

    @Test
    void aBlockWithoutParentsOtherThanGenesisIsRejected() {
        assertRejected(block(List.of(), 0, NOW, List.of(DagMiner.coinbase(0, new byte[] {1}))), DagRejectReason.BAD_PARENT_COUNT);
    }

    @Test
    void moreParentsThanTheNetworkAllowsAreRejected() {
        DagParameters twoParents = new DagParameters("two", PARAMS.magic(), PARAMS.defaultPort(), GENESIS, PARAMS.powBits(),
                2, PARAMS.maxFutureBlockTimeSeconds());
        List<Hash> parents = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            parents.add(mineAndAdd(dag, "p" + i).hash());
        }
        DagBlock b = block(parents, 4, NOW, List.of(DagMiner.coinbase(4, new byte[0])));
        assertThat(new DagValidator(twoParents).validate(b, dag, NOW).reason()).contains(DagRejectReason.BAD_PARENT_COUNT);
    }

    @Test
    void aParentListedTwiceIsRejected() {
        assertRejected(block(List.of(GENESIS.hash(), GENESIS.hash()), 1, NOW, List.of(DagMiner.coinbase(1, new byte[0]))),
                DagRejectReason.DUPLICATE_PARENTS);
    }

    @Test
    void theHeightMustBeOneMoreThanTheHighestParent() {
        DagBlock a = mineAndAdd(dag, "a"); // height 1
        DagBlock b = mineOn(dag, "b", a.hash()); // height 2
        dag.add(b);
        assertRejected(block(List.of(GENESIS.hash()), 5, NOW, List.of(DagMiner.coinbase(5, new byte[0]))),
                DagRejectReason.BAD_HEIGHT);
        // Parents at heights 0 and 2: the child is at 3, not 1 + the lowest.
        assertRejected(block(List.of(GENESIS.hash(), b.hash()), 1, NOW, List.of(DagMiner.coinbase(1, new byte[0]))),
                DagRejectReason.BAD_HEIGHT);
        assertThat(validate(block(List.of(GENESIS.hash(), b.hash()), 3, NOW, List.of(DagMiner.coinbase(3, new byte[0]))))
                .isAccepted()).isTrue();
    }

    @Test
    void otherBitsAreRejected() {
        DagBlock good = onGenesis(List.of(DagMiner.coinbase(1, new byte[0])));
        DagHeader h = good.header();
        DagHeader harder = new DagHeader(1, h.parents(), h.merkleRoot(), h.time(), 0x1f7fffffL, 1, 0);
        DagHeader solved = DagMiner.solve(harder, DagParameters.target(0x1f7fffffL));
        assertRejected(new DagBlock(solved, good.transactions()), DagRejectReason.BAD_DIFFBITS);
    }

    @Test
    void aHashAboveTheTargetIsRejected() {
        DagBlock good = onGenesis(List.of(DagMiner.coinbase(1, new byte[0])));
        DagHeader h = good.header();
        long nonce = 0;
        while (h.withNonce(nonce).hash().toBigInteger().compareTo(PARAMS.powTarget()) <= 0) {
            nonce++;
        }
        assertRejected(new DagBlock(h.withNonce(nonce), good.transactions()), DagRejectReason.HIGH_HASH);
    }

    @Test
    void timeUpToTwoHoursAheadOfTheClockIsAccepted() {
        long limit = NOW + 2 * 60 * 60;
        assertThat(validate(block(List.of(GENESIS.hash()), 1, limit, List.of(DagMiner.coinbase(1, new byte[0])))).isAccepted())
                .isTrue();
        DagBlock late = block(List.of(GENESIS.hash()), 1, limit + 1, List.of(DagMiner.coinbase(1, new byte[0])));
        assertRejected(late, DagRejectReason.TIME_TOO_NEW);
        assertThat(validate(late).penalty()).isZero();
        assertThat(validator.validate(late, dag, NOW + 1).isAccepted()).as("the clock caught up").isTrue();
    }

    @Test
    void aWrongMerkleRootIsRejected() {
        DagBlock good = onGenesis(List.of(DagMiner.coinbase(1, new byte[0]), spend(1)));
        DagBlock altered = new DagBlock(good.header(), List.of(good.transactions().get(0), spend(2)));
        assertRejected(altered, DagRejectReason.BAD_MERKLE_ROOT);
        assertThat(DagRejectReason.BAD_MERKLE_ROOT.isMutation()).isTrue();
    }

    @Test
    void aTransactionListedTwiceIsRejected() {
        assertRejected(onGenesis(List.of(DagMiner.coinbase(1, new byte[0]), spend(1), spend(1))),
                DagRejectReason.DUPLICATE_TRANSACTIONS);
        // CVE-2012-2459: the duplicated tail has the Merkle root of the list without it.
        DagBlock honest = onGenesis(List.of(DagMiner.coinbase(1, new byte[0]), spend(1), spend(2)));
        List<Transaction> mutated = new ArrayList<>(honest.transactions());
        mutated.add(spend(2));
        assertRejected(new DagBlock(honest.header(), mutated), DagRejectReason.DUPLICATE_TRANSACTIONS);
    }

    @Test
    void aBlockWithoutTransactionsIsRejected() {
        assertRejected(onGenesis(List.of()), DagRejectReason.NO_TRANSACTIONS);
    }

    @Test
    void theCoinbaseComesFirstAndAlone() {
        assertRejected(onGenesis(List.of(spend(1), DagMiner.coinbase(1, new byte[0]))), DagRejectReason.COINBASE_MISSING);
        assertRejected(onGenesis(List.of(DagMiner.coinbase(1, new byte[0]), DagMiner.coinbase(1, new byte[] {7}))),
                DagRejectReason.COINBASE_MULTIPLE);
    }

    @Test
    void theCoinbaseStartsWithTheHeight() {
        assertRejected(onGenesis(List.of(DagMiner.coinbase(2, new byte[0]))), DagRejectReason.BAD_COINBASE_HEIGHT);
        Transaction oneByte = new Transaction(1, List.of(new TxInput(OutPoint.NULL, new byte[] {0x51}, 0, List.of())),
                List.of(new TxOutput(1, new byte[] {0x51})), 0);
        assertRejected(onGenesis(List.of(oneByte)), DagRejectReason.BAD_COINBASE_LENGTH);
    }

    @Test
    void heightsAbove16ArePushedAsScriptNumbers() {
        assertThat(CoinbaseScript.heightPrefix(16)).containsExactly(0x60);
        assertThat(CoinbaseScript.heightPrefix(17)).containsExactly(0x01, 0x11);
        assertThat(CoinbaseScript.heightPrefix(128)).containsExactly(0x02, 0x80, 0x00);
        assertThat(CoinbaseScript.heightPrefix(0x012345)).containsExactly(0x03, 0x45, 0x23, 0x01);
    }

    @Test
    void witnessDataIsRejected() {
        Transaction witness = new Transaction(1,
                List.of(new TxInput(new OutPoint(filled(1), 0), new byte[0], 0, List.of(new byte[] {1}))),
                List.of(new TxOutput(1, new byte[] {0x51})), 0);
        assertRejected(onGenesis(List.of(DagMiner.coinbase(1, new byte[0]), witness)), DagRejectReason.UNEXPECTED_WITNESS);
    }

    @Test
    void aBlockOverTheSizeLimitIsRejected() {
        Transaction big = new Transaction(1, List.of(new TxInput(new OutPoint(filled(1), 0), new byte[0], 0, List.of())),
                List.of(new TxOutput(1, new byte[DagBlock.MAX_SIZE])), 0);
        assertRejected(onGenesis(List.of(DagMiner.coinbase(1, new byte[0]), big)), DagRejectReason.BAD_LENGTH);
    }

    @Test
    void genesisPassesTheContextFreeChecks() {
        assertThat(validator.checkContextFree(GENESIS, NOW).isAccepted()).isTrue();
    }
}
