package dev.tributary.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.TestData;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class DifficultyRuleTest {
    private static final long REAL_BITS = 0x1c0fffffL;
    private static final long T0 = 1_714_800_000L;

    @Test
    void all413MainnetRetargetsRecompute() {
        List<BlockHeader> h = TestData.headers("retarget-boundaries-0-832608.bin");
        assertThat(h).hasSize(827);
        int changed = 0;
        for (int k = 1; k <= 413; k++) {
            BlockHeader firstOfPeriod = k == 1 ? h.get(0) : h.get(2 * (k - 1));
            BlockHeader last = h.get(2 * k - 1);
            BlockHeader retarget = h.get(2 * k);
            assertThat(retarget.prevHash()).isEqualTo(last.hash());
            long bits = DifficultyRule.retargetBits(last.bits(), firstOfPeriod.time(), last.time(), NetworkParameters.MAINNET);
            assertThat(bits).as("retarget at height %d", 2016 * k).isEqualTo(retarget.bits());
            changed += bits != last.bits() ? 1 : 0;
        }
        // Before height 32256 the difficulty sat at the pow limit; most retargets since changed it.
        assertThat(changed).isGreaterThan(390);
    }

    @Test
    void retargetClampsTheTimespanAndCapsAtThePowLimit() {
        NetworkParameters p = NetworkParameters.MAINNET;
        BigInteger old = Difficulty.decodeCompact(0x1b0404cbL);
        long fast = DifficultyRule.retargetBits(0x1b0404cbL, 0, 1, p); // clamped to a quarter
        assertThat(fast).isEqualTo(Difficulty.encodeCompact(old.divide(BigInteger.valueOf(4))));
        long slow = DifficultyRule.retargetBits(0x1b0404cbL, 0, 100_000_000, p); // clamped to four times
        assertThat(slow).isEqualTo(Difficulty.encodeCompact(old.multiply(BigInteger.valueOf(4))));
        assertThat(DifficultyRule.retargetBits(0x1d00ffffL, 0, 100_000_000, p)).isEqualTo(0x1d00ffffL);
        assertThat(DifficultyRule.retargetBits(0x207fffffL, 0, 1, NetworkParameters.REGTEST)).isEqualTo(0x207fffffL);
    }

    @Test
    void aRetargetWhosePeriodStartsBeforeATrustedStartIsCheckedAgainstCoresPermittedRange() {
        List<BlockHeader> headers = TestData.headers("headers-80001-100000.bin");
        BlockIndex index = BlockIndex.fromTrustedStart(NetworkParameters.MAINNET, headers.get(0), 80001);
        AttachResult r = new HeaderChainAttacher(index).attach(headers.subList(1, 80640 - 80001), 2_000_000_000L);
        assertThat(r.isComplete()).isTrue();
        HeaderSyncData parent = index.tip(); // 80639
        BlockHeader actual = headers.get(80640 - 80001);
        DifficultyRule rule = new DifficultyRule(NetworkParameters.MAINNET);

        ExpectedBits e = rule.expectation(parent, actual, index);

        assertThat(e.exact()).isFalse();
        assertThat(e.permits(actual.bits())).isTrue();
        BigInteger parentTarget = Difficulty.decodeCompact(parent.header().bits());
        // Each bound is compact-rounded, as Core's PermittedDifficultyTransition rounds it.
        assertThat(e.maxTarget()).isEqualTo(roundedToCompact(parentTarget.multiply(BigInteger.valueOf(4))));
        assertThat(e.minTarget()).isEqualTo(roundedToCompact(parentTarget.divide(BigInteger.valueOf(4))));
        long tooEasy = Difficulty.encodeCompact(parentTarget.multiply(BigInteger.valueOf(5)));
        long tooHard = Difficulty.encodeCompact(parentTarget.divide(BigInteger.valueOf(5)));
        assertThat(e.permits(tooEasy)).isFalse();
        assertThat(e.permits(tooHard)).isFalse();
        assertThat(e.permits(NetworkParameters.MAINNET.powLimitBits())).isFalse();

        // The next retarget's period starts at 80640, inside the index: exact.
        new HeaderChainAttacher(index).attach(headers.subList(80640 - 80001, 82656 - 80001), 2_000_000_000L);
        ExpectedBits next = rule.expectation(index.tip(), headers.get(82656 - 80001), index);
        assertThat(next.exact()).isTrue();
        assertThat(next.bits()).isEqualTo(headers.get(82656 - 80001).bits());
    }

    @Test
    void testnetTwentyMinuteRule() {
        SyntheticChain c = new SyntheticChain(NetworkParameters.TESTNET4, 2016 * 10, T0, REAL_BITS);
        HeaderSyncData a = c.child(c.start, T0 + 600, REAL_BITS);
        DifficultyRule rule = new DifficultyRule(NetworkParameters.TESTNET4);
        long powLimitBits = NetworkParameters.TESTNET4.powLimitBits();

        assertThat(rule.expectedBits(a, c.header(a, T0 + 600 + 1201), c.index)).isEqualTo(powLimitBits);
        assertThat(rule.expectedBits(a, c.header(a, T0 + 600 + 1200), c.index)).isEqualTo(REAL_BITS);

        HeaderSyncData m1 = c.child(a, T0 + 600 + 1300, powLimitBits);
        HeaderSyncData m2 = c.child(m1, T0 + 600 + 2600, powLimitBits);
        // Within 20 minutes of a run of minimum-difficulty blocks: back to the last real difficulty.
        assertThat(rule.expectedBits(m2, c.header(m2, m2.header().time() + 60), c.index)).isEqualTo(REAL_BITS);
        // Mainnet has no such rule: the parent's bits, whatever the time.
        DifficultyRule main = new DifficultyRule(NetworkParameters.MAINNET);
        assertThat(main.expectedBits(a, c.header(a, T0 + 600 + 5000), c.index)).isEqualTo(REAL_BITS);
    }

    @Test
    void twentyMinuteWalkBackStopsAtABoundaryWithMinimumDifficulty() {
        long powLimitBits = NetworkParameters.TESTNET4.powLimitBits();
        SyntheticChain c = new SyntheticChain(NetworkParameters.TESTNET4, 2016 * 3, T0, powLimitBits);
        HeaderSyncData m = c.child(c.start, T0 + 5000, powLimitBits);
        ExpectedBits e = new DifficultyRule(NetworkParameters.TESTNET4).expectation(m, c.header(m, T0 + 5100), c.index);
        assertThat(e.exact()).isTrue();
        assertThat(e.bits()).isEqualTo(powLimitBits);
    }

    @Test
    void bip94RetargetsFromTheFirstBlockOfThePeriodNotAMinimumDifficultyLastBlock() {
        long powLimitBits = NetworkParameters.TESTNET4.powLimitBits();
        SyntheticChain c = new SyntheticChain(NetworkParameters.TESTNET4, 2016 * 5, T0, REAL_BITS);
        HeaderSyncData walk = c.start;
        for (int i = 1; i < 2015; i++) {
            walk = c.child(walk, walk.header().time() + 600, REAL_BITS);
        }
        HeaderSyncData last = c.child(walk, walk.header().time() + 1300, powLimitBits);
        assertThat(last.height()).isEqualTo(2016 * 6 - 1);
        BlockHeader retarget = c.header(last, last.header().time() + 600);

        long bip94 = new DifficultyRule(NetworkParameters.TESTNET4).expectedBits(last, retarget, c.index);
        NetworkParameters testnet3Like = NetworkParameters.TESTNET4.toBuilder().enforceBip94(false).build();
        long legacy = new DifficultyRule(testnet3Like).expectedBits(last, retarget, c.index);

        long timespan = last.header().time() - T0; // 2014 × 600 + 1300 s: inside the clamp
        BigInteger target = Difficulty.decodeCompact(REAL_BITS).multiply(BigInteger.valueOf(timespan))
                .divide(BigInteger.valueOf(1209600));
        assertThat(bip94).isEqualTo(Difficulty.encodeCompact(target));
        // The pre-BIP 94 rule retargets from the minimum-difficulty last block and lands at the pow limit.
        assertThat(legacy).isEqualTo(powLimitBits);
        assertThat(bip94).isNotEqualTo(legacy);
    }

    @Test
    void regtestNeverRetargets() {
        ChainBuilder chain = ChainBuilder.regtest(7, NetworkParameters.REGTEST.genesisBlock().header().time() + 1).spacing(1);
        chain.extendTip(2015);
        HeaderSyncData parent = chain.tip();
        BlockHeader next = chain.extendTip(1).get(0).header();
        assertThat(parent.height()).isEqualTo(2015);
        assertThat(next.bits()).isEqualTo(0x207fffffL);
        assertThat(new DifficultyRule(NetworkParameters.REGTEST).expectedBits(parent, next, chain.index())).isEqualTo(0x207fffffL);

        NetworkParameters retargeting = NetworkParameters.REGTEST.toBuilder().noRetargeting(false).build();
        long wouldBe = new DifficultyRule(retargeting).expectedBits(parent, next, chain.index());
        assertThat(wouldBe).isNotEqualTo(0x207fffffL); // 2015 s instead of two weeks: a quarter of the target
        assertThat(Difficulty.decodeCompact(wouldBe)).isLessThan(NetworkParameters.REGTEST.powLimit().shiftRight(1));
    }

    private static BigInteger roundedToCompact(BigInteger target) {
        return Difficulty.decodeCompact(Difficulty.encodeCompact(target));
    }
}
