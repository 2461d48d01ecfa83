package dev.tributary.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Core's low-work headers sync, without sockets: a chain below the minimum work is counted and forgotten,
 * one above it is presynced, redownloaded and released in order, and a peer that serves another chain in the
 * redownload than the one it presynced is caught by the commitments.
 */
class HeadersPresyncTest {
    private static final NetworkParameters REGTEST = NetworkParameters.REGTEST;
    /** Regtest's one-block work (bits 0x207fffff): 2. */
    private static final BigInteger BLOCK_WORK = Difficulty.work(0x207fffffL);

    private final BlockIndex index = BlockIndex.fromGenesis(REGTEST);
    private final HeaderSyncData genesis = index.start();

    /** {@code n} mined regtest headers on genesis; {@code salt} makes chains differ. */
    private static List<BlockHeader> chain(HeaderSyncData from, int n, int salt) {
        List<BlockHeader> out = new ArrayList<>(n);
        Hash prev = from.hash();
        long time = from.header().time();
        byte[] root = new byte[32];
        Random r = new Random(salt);
        for (int i = 0; i < n; i++) {
            r.nextBytes(root);
            BlockHeader h = BlockMiner.solve(new BlockHeader(4, prev, Hash.wrap(root), ++time, 0x207fffffL, 0));
            out.add(h);
            prev = h.hash();
        }
        return out;
    }

    private HeadersPresync presync(BigInteger minimum) {
        return new HeadersPresync(REGTEST, genesis, minimum, genesis.header().time() + 100_000, genesis.header().time(),
                new Random(7));
    }

    private static BigInteger workOf(int headers) {
        return BLOCK_WORK.multiply(BigInteger.valueOf(headers + 1)); // genesis included
    }

    @Test
    void aChainThatEndsBelowTheMinimumIsForgottenWithNothingReleased() {
        List<BlockHeader> headers = chain(genesis, 5_000, 1);
        HeadersPresync p = presync(workOf(6_000));
        assertThat(p.process(headers.subList(0, 2000), true).requestMore()).isTrue();
        assertThat(p.process(headers.subList(2000, 4000), true).requestMore()).isTrue();
        HeadersPresync.Step last = p.process(headers.subList(4000, 5000), false);
        assertThat(last.failure()).get().asString().contains("ends at height 5000");
        assertThat(last.endsShortOfWork()).isTrue();
        assertThat(last.released()).isEmpty();
        assertThat(p.phase()).isEqualTo(HeadersPresync.Phase.DONE);
        assertThat(p.retainedBytes()).isLessThan(1_000);
    }

    @Test
    void aChainAboveTheMinimumIsRedownloadedAndReleasedInOrder() {
        List<BlockHeader> headers = chain(genesis, 12_000, 2);
        HeadersPresync p = presync(workOf(11_500));
        for (int i = 0; i < 12_000 && p.phase() == HeadersPresync.Phase.PRESYNC; i += 2000) {
            HeadersPresync.Step s = p.process(headers.subList(i, i + 2000), true);
            assertThat(s.failure()).isEmpty();
            assertThat(s.released()).isEmpty();
        }
        assertThat(p.phase()).isEqualTo(HeadersPresync.Phase.REDOWNLOAD);
        assertThat(p.locatorHead()).isEqualTo(genesis.hash());
        List<BlockHeader> released = new ArrayList<>();
        for (int i = 0; i < 12_000; i += 2000) {
            HeadersPresync.Step s = p.process(headers.subList(i, i + 2000), true);
            assertThat(s.failure()).isEmpty();
            released.addAll(s.released());
            // Held back until the buffer overflows or the minimum is reached.
            assertThat(p.buffered()).isLessThanOrEqualTo(REGTEST.redownloadBufferSize());
        }
        assertThat(p.phase()).isEqualTo(HeadersPresync.Phase.DONE);
        assertThat(released).isEqualTo(headers);
    }

    @Test
    void aDifferentChainInTheRedownloadFailsACommitment() {
        // The peer presyncs a high-work chain, then serves another one of the same length in the redownload.
        List<BlockHeader> presynced = chain(genesis, 30_000, 3);
        List<BlockHeader> other = chain(genesis, 30_000, 4);
        HeadersPresync p = presync(workOf(30_000));
        for (int i = 0; i < 30_000; i += 2000) {
            p.process(presynced.subList(i, i + 2000), true);
        }
        assertThat(p.phase()).isEqualTo(HeadersPresync.Phase.REDOWNLOAD);
        List<BlockHeader> released = new ArrayList<>();
        HeadersPresync.Step s = null;
        for (int i = 0; i < 30_000 && p.phase() == HeadersPresync.Phase.REDOWNLOAD; i += 2000) {
            s = p.process(other.subList(i, i + 2000), true);
            released.addAll(s.released());
        }
        assertThat(s.failure()).get().asString().contains("not the one presynced");
        // 30,000 / 275 = 109 commitments, each failing with probability 1/2: failing before the buffer (7,017
        // headers, 25 commitments) overflows has probability 1 - 2^-25.
        assertThat(released).isEmpty();
    }

    @Test
    void headersThatDoNotContinueOrLackProofOfWorkEndThePresync() {
        List<BlockHeader> headers = chain(genesis, 2000, 5);
        HeadersPresync p = presync(workOf(10_000));
        List<BlockHeader> gap = new ArrayList<>(headers);
        gap.remove(1000);
        HeadersPresync.Step broken = p.process(gap, true);
        assertThat(broken.failure()).get().asString().contains("do not continue");
        assertThat(broken.endsShortOfWork()).isFalse();

        HeadersPresync q = presync(workOf(10_000));
        List<BlockHeader> bad = new ArrayList<>(headers.subList(0, 10));
        BlockHeader h = headers.get(10);
        BlockHeader unsolved = h;
        for (long nonce = 0; HeaderValidator.proofOfWorkProblem(unsolved.hash(), unsolved.bits(), REGTEST) == null; nonce++) {
            unsolved = h.withNonce(nonce);
        }
        bad.add(unsolved);
        assertThat(q.process(bad, true).failure()).get().asString().contains("hash above the target");
    }

    @Test
    void aChainLongerThanTimeAllowsIsGivenUp() {
        // The clock is 100 s after genesis: at most 6 × (100 + 7200) headers, 159 commitments, fit.
        HeadersPresync p = new HeadersPresync(REGTEST, genesis, workOf(1_000_000), genesis.header().time() + 100,
                genesis.header().time(), new Random(1));
        List<BlockHeader> headers = chain(genesis, 50_000, 6);
        HeadersPresync.Step s = null;
        for (int i = 0; i < 50_000 && p.phase() == HeadersPresync.Phase.PRESYNC; i += 2000) {
            s = p.process(headers.subList(i, i + 2000), true);
        }
        assertThat(s.failure()).get().asString().contains("longer than time allows");
    }

    @Test
    void theLocatorContinuesFromTheLastHeaderThenTheStart() {
        List<BlockHeader> headers = chain(genesis, 2000, 8);
        HeadersPresync p = presync(workOf(10_000));
        p.process(headers, true);
        assertThat(p.locator(index, 101)).containsExactly(headers.get(1999).hash(), genesis.hash());
    }
}
