package dev.tributary.chain;

import static dev.tributary.wire.WireFixtures.mainnetBlock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.bytes.Sha256;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    private static Hash leaf(int i) {
        byte[] b = new byte[32];
        b[0] = (byte) i;
        b[31] = (byte) (i * 7);
        return Hash.wrap(b);
    }

    @Test
    void emptyListHasTheZeroRoot() {
        assertThat(MerkleTree.compute(List.of())).isEqualTo(new MerkleTree.Root(Hash.ZERO, false));
    }

    @Test
    void aSingleLeafIsItsOwnRoot() {
        // the genesis block: one transaction, whose txid is the Merkle root
        Block genesis = Block.parse(mainnetBlock(0));
        assertThat(MerkleTree.root(List.of(genesis.transactions().get(0).txid()))).isEqualTo(genesis.header().merkleRoot());
    }

    @Test
    void twoLeavesHashTogether() {
        // block 170: the coinbase and the first payment
        Block b = Block.parse(mainnetBlock(170));
        Hash coinbase = b.transactions().get(0).txid();
        Hash spend = b.transactions().get(1).txid();
        Hash root = MerkleTree.root(List.of(coinbase, spend));
        assertThat(root).isEqualTo(Sha256.sha256d(coinbase, spend));
        assertThat(root.toString()).isEqualTo("7dac2c5666815c17a3b36427de37bb9d2e2c5ccec3f8633eb91a4205cb4c10ff");
    }

    @Test
    void anOddLevelPairsItsLastNodeWithItself() {
        Hash a = leaf(1);
        Hash b = leaf(2);
        Hash c = leaf(3);
        Hash expected = Sha256.sha256d(Sha256.sha256d(a, b), Sha256.sha256d(c, c));
        assertThat(MerkleTree.compute(List.of(a, b, c))).isEqualTo(new MerkleTree.Root(expected, false));
    }

    /** CVE-2012-2459: duplicating the last transaction(s) keeps the root; the mutation must be reported. */
    @Test
    void duplicatedTailIsReportedAsMutated() {
        Hash a = leaf(1);
        Hash b = leaf(2);
        Hash c = leaf(3);
        MerkleTree.Root honest = MerkleTree.compute(List.of(a, b, c));
        MerkleTree.Root mutated = MerkleTree.compute(List.of(a, b, c, c));
        assertThat(mutated.root()).isEqualTo(honest.root());
        assertThat(mutated.mutated()).isTrue();
        assertThat(honest.mutated()).isFalse();
    }

    @Test
    void duplicatedPairsHigherUpAreReportedAsMutated() {
        List<Hash> six = IntStream.range(0, 6).mapToObj(MerkleTreeTest::leaf).toList();
        List<Hash> eight = List.of(six.get(0), six.get(1), six.get(2), six.get(3), six.get(4), six.get(5), six.get(4),
                six.get(5));
        MerkleTree.Root honest = MerkleTree.compute(six);
        MerkleTree.Root mutated = MerkleTree.compute(eight);
        assertThat(mutated.root()).isEqualTo(honest.root());
        assertThat(honest.mutated()).isFalse();
        assertThat(mutated.mutated()).isTrue();
    }

    @Test
    void equalLeavesThatAreNotPairedAreNotAMutation() {
        Hash a = leaf(1);
        Hash b = leaf(2);
        // a at positions 0 and 2: never in the same pair; the odd last node's self-pairing is not a mutation
        assertThat(MerkleTree.compute(List.of(a, b, a)).mutated()).isFalse();
        // but [a, b, a, b] pairs H(a, b) with itself one level up, as Bitcoin Core's ComputeMerkleRoot also flags
        assertThat(MerkleTree.compute(List.of(a, b, a, b)).mutated()).isTrue();
    }

    @Test
    void theInputListIsNotModified() {
        List<Hash> leaves = new java.util.ArrayList<>(List.of(leaf(1), leaf(2), leaf(3)));
        MerkleTree.compute(leaves);
        assertThat(leaves).containsExactly(leaf(1), leaf(2), leaf(3));
    }
}
