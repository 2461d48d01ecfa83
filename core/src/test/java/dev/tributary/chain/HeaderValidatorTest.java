package dev.tributary.chain;

import dev.tributary.validation.Verdict;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.TestData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HeaderValidatorTest {
    private static final long NOW = 2_000_000_000L;
    private static final int HEIGHT = 5000;
    private static BlockIndex mainnet;
    private static BlockHeader real;

    @BeforeAll
    static void mainnetUpTo4999() {
        List<BlockHeader> headers = TestData.headers("headers-0-10236.bin");
        mainnet = BlockIndex.fromGenesis(NetworkParameters.MAINNET);
        new HeaderChainAttacher(mainnet).attach(headers.subList(1, HEIGHT), NOW);
        real = headers.get(HEIGHT);
    }

    private static Verdict<RejectReason> validateMainnet(BlockHeader h) {
        return new HeaderValidator(NetworkParameters.MAINNET).validate(h, mainnet.tip(), mainnet, NOW);
    }

    @Test
    void theRealHeaderIsAccepted() {
        Verdict<RejectReason> v = validateMainnet(real);
        assertThat(v.isAccepted()).isTrue();
        assertThat(v.reason()).isEmpty();
        assertThat(v.penalty()).isZero();
    }

    @Test
    void everyFlippedBitOfBitsIsRejected() {
        for (int bit = 0; bit < 32; bit++) {
            BlockHeader h = with(real, real.version(), real.prevHash(), real.time(), real.bits() ^ (1L << bit), real.nonce());
            Verdict<RejectReason> v = validateMainnet(h);
            assertThat(v.reason().orElseThrow()).as("bit %d", bit).isIn(RejectReason.BAD_DIFFBITS, RejectReason.HIGH_HASH);
            assertThat(v.penalty()).isEqualTo(100);
        }
        Verdict<RejectReason> one = validateMainnet(with(real, real.version(), real.prevHash(), real.time(), 0x1d00fffeL, real.nonce()));
        assertThat(one.reason()).contains(RejectReason.BAD_DIFFBITS);
        assertThat(one.message()).contains("bits 0x1d00fffe, expected 0x1d00ffff").contains("height 5000");
    }

    @Test
    void everyFlippedBitOfNonceOrTimeBreaksTheProofOfWork() {
        for (int bit = 0; bit < 32; bit++) {
            BlockHeader nonce = with(real, real.version(), real.prevHash(), real.time(), real.bits(), real.nonce() ^ (1L << bit));
            assertThat(validateMainnet(nonce).reason()).as("nonce bit %d", bit).contains(RejectReason.HIGH_HASH);
            BlockHeader time = with(real, real.version(), real.prevHash(), real.time() ^ (1L << bit), real.bits(), real.nonce());
            Verdict<RejectReason> v = validateMainnet(time);
            assertThat(v.reason()).as("time bit %d", bit).contains(RejectReason.HIGH_HASH);
            assertThat(v.message()).contains(time.hash().toString());
        }
    }

    @Test
    void aFlippedBitOfThePreviousHashNoLongerLinks() {
        byte[] prev = real.prevHash().toBytes();
        prev[7] ^= 0x10;
        BlockHeader h = with(real, real.version(), Hash.wrap(prev), real.time(), real.bits(), real.nonce());
        Verdict<RejectReason> v = validateMainnet(h);
        assertThat(v.reason()).contains(RejectReason.BAD_PREV);
        assertThat(v.penalty()).isEqualTo(20);
        assertThat(v.message()).contains(mainnet.tip().hash().toString());
    }

    @Test
    void timeMustBeAfterTheMedianOfTheLastElevenBlocks() {
        ChainBuilder chain = ChainBuilder.regtest(1, 1_600_000_000L);
        chain.extendTip(20);
        HeaderSyncData parent = chain.tip();
        long mtp = MedianTimePast.of(parent, chain.index());
        assertThat(mtp).isEqualTo(chain.index().mainChainAt(15).orElseThrow().header().time());
        HeaderValidator validator = new HeaderValidator(NetworkParameters.REGTEST);

        Verdict<RejectReason> atMedian = validator.validate(mined(parent, mtp, 0x20000000), parent, chain.index(), NOW);
        assertThat(atMedian.reason()).contains(RejectReason.TIME_TOO_OLD);
        assertThat(atMedian.message()).contains(Long.toString(mtp));
        assertThat(validator.validate(mined(parent, mtp + 1, 0x20000000), parent, chain.index(), NOW).isAccepted()).isTrue();
    }

    @Test
    void medianTimePastUsesFewerBlocksNearTheStart() {
        ChainBuilder chain = ChainBuilder.regtest(1, 1_600_000_000L);
        chain.extendTip(3);
        // Times: genesis, t, t+600, t+1200: the median of four is element 2 of the sorted times.
        assertThat(MedianTimePast.of(chain.tip(), chain.index())).isEqualTo(1_600_000_000L + 600);
        assertThat(MedianTimePast.of(chain.genesis(), chain.index())).isEqualTo(chain.genesis().header().time());
    }

    @Test
    void timeMayBeAtMostTwoHoursAhead() {
        ChainBuilder chain = ChainBuilder.regtest(2, 1_600_000_000L);
        chain.extendTip(5);
        HeaderSyncData parent = chain.tip();
        long now = parent.header().time();
        HeaderValidator validator = new HeaderValidator(NetworkParameters.REGTEST);
        assertThat(validator.validate(mined(parent, now + 7200, 0x20000000), parent, chain.index(), now).isAccepted()).isTrue();
        Verdict<RejectReason> v = validator.validate(mined(parent, now + 7201, 0x20000000), parent, chain.index(), now);
        assertThat(v.reason()).contains(RejectReason.TIME_TOO_NEW);
        assertThat(v.penalty()).isZero();
    }

    @Test
    void versionMustMeetTheSoftForkMinimums() {
        NetworkParameters p = NetworkParameters.REGTEST.toBuilder().softForkHeights(5, 15, 10).build();
        HeaderValidator validator = new HeaderValidator(p);
        ChainBuilder chain = ChainBuilder.regtest(3, 1_600_000_000L);
        chain.extendTip(20);
        int[][] cases = {{4, 1, 1}, {5, 1, 0}, {9, 2, 1}, {10, 2, 0}, {14, 3, 1}, {15, 3, 0}, {15, 4, 1}, {15, -1, 0}};
        for (int[] c : cases) {
            HeaderSyncData parent = chain.index().mainChainAt(c[0] - 1).orElseThrow();
            Verdict<RejectReason> v = validator.validate(mined(parent, parent.header().time() + 600, c[1]), parent, chain.index(), NOW);
            assertThat(v.isAccepted()).as("version %d at height %d", c[1], c[0]).isEqualTo(c[2] == 1);
            if (c[2] == 0) {
                assertThat(v.reason()).contains(RejectReason.BAD_VERSION);
            }
        }
    }

    @Test
    void aCheckpointedHeightAcceptsOnlyItsHash() {
        ChainBuilder chain = ChainBuilder.regtest(4, 1_600_000_000L);
        chain.extendTip(5);
        HeaderSyncData atThree = chain.index().mainChainAt(3).orElseThrow();
        NetworkParameters p = NetworkParameters.REGTEST.toBuilder().checkpoints(Map.of(3, atThree.hash())).build();
        HeaderValidator validator = new HeaderValidator(p);
        HeaderSyncData two = chain.index().mainChainAt(2).orElseThrow();

        assertThat(validator.validate(atThree.header(), two, chain.index(), NOW).isAccepted()).isTrue();
        Verdict<RejectReason> fork = validator.validate(mined(two, two.header().time() + 601, 0x20000000), two, chain.index(), NOW);
        assertThat(fork.reason()).contains(RejectReason.CHECKPOINT_MISMATCH);
        assertThat(fork.message()).contains(atThree.hash().toString());
    }

    @Test
    void bip94RejectsARetargetBlockTimedMoreThanTenMinutesBeforeItsParent() {
        NetworkParameters p = NetworkParameters.REGTEST.toBuilder().enforceBip94(true).build();
        HeaderValidator validator = new HeaderValidator(p);
        ChainBuilder chain = ChainBuilder.regtest(5, 1_600_000_000L);
        chain.extendTip(2015);
        HeaderSyncData parent = chain.tip();
        long t = parent.header().time();

        Verdict<RejectReason> warped = validator.validate(mined(parent, t - 601, 0x20000000), parent, chain.index(), NOW);
        assertThat(warped.reason()).contains(RejectReason.TIME_TIMEWARP_ATTACK);
        assertThat(validator.validate(mined(parent, t - 600, 0x20000000), parent, chain.index(), NOW).isAccepted()).isTrue();
        // Without BIP 94 (plain regtest) the same header is fine, and so is one off the boundary.
        assertThat(new HeaderValidator(NetworkParameters.REGTEST)
                .validate(mined(parent, t - 601, 0x20000000), parent, chain.index(), NOW).isAccepted()).isTrue();
        HeaderSyncData before = chain.index().mainChainAt(2014).orElseThrow();
        assertThat(validator.validate(mined(before, before.header().time() - 601, 0x20000000), before, chain.index(), NOW)
                .isAccepted()).isTrue();
    }

    @Test
    void targetsThatAreNegativeOverflowingOrAboveTheLimitFailProofOfWork() {
        NetworkParameters p = NetworkParameters.MAINNET;
        Hash easy = Hash.ZERO;
        assertThat(HeaderValidator.proofOfWorkProblem(easy, 0x1d00ffffL, p)).isNull();
        assertThat(HeaderValidator.proofOfWorkProblem(easy, 0x04923456L, p)).contains("negative");
        assertThat(HeaderValidator.proofOfWorkProblem(easy, 0xff123456L, p)).contains("overflow");
        assertThat(HeaderValidator.proofOfWorkProblem(easy, 0x01003456L, p)).contains("zero");
        assertThat(HeaderValidator.proofOfWorkProblem(easy, 0x1d01ffffL, p)).contains("pow limit");
    }

    /** A regtest header on {@code parent} with the given time and version, solved at the regtest limit. */
    private static BlockHeader mined(HeaderSyncData parent, long time, int version) {
        return BlockMiner.solve(new BlockHeader(version, parent.hash(), Hash.ZERO, time, 0x207fffffL, 0));
    }

    private static BlockHeader with(BlockHeader h, int version, Hash prev, long time, long bits, long nonce) {
        return new BlockHeader(version, prev, h.merkleRoot(), time, bits, nonce);
    }
}
