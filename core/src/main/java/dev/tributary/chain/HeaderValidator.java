package dev.tributary.chain;

import dev.tributary.validation.Verdict;
import dev.tributary.bytes.Hash;
import java.math.BigInteger;

/**
 * Validates a header against its parent and the chain behind it: Bitcoin Core's {@code CheckBlockHeader}
 * and {@code ContextualCheckBlockHeader}, plus checkpoints. The checks run in this order and the first that
 * fails decides the verdict:
 *
 * <ol>
 *   <li>parent link: {@code prevHash} is the parent's hash ({@link RejectReason#BAD_PREV});</li>
 *   <li>bits equal what {@link DifficultyRule} requires ("bad-diffbits");</li>
 *   <li>proof of work: the target decodes without sign or overflow, is positive and at most the pow limit,
 *       and the hash read as a little-endian number is at most the target ("high-hash");</li>
 *   <li>time greater than the median time past of the parent ("time-too-old");</li>
 *   <li>with BIP 94, a retarget block's time at least the parent's minus 600 s ("time-timewarp-attack");</li>
 *   <li>time at most {@code now} + {@link NetworkParameters#maxFutureBlockTimeSeconds()} ("time-too-new");</li>
 *   <li>version at least 2, 3, 4 from the BIP 34, 66, 65 heights on ("bad-version");</li>
 *   <li>at a checkpointed height, the checkpoint's hash ("checkpoint mismatch").</li>
 * </ol>
 *
 * Stateless apart from its parameters; safe to share.
 */
public final class HeaderValidator {
    /** BIP 94's {@code MAX_TIMEWARP}: how far before its parent a retarget block's time may be. */
    public static final long MAX_TIMEWARP_SECONDS = 600;

    private final NetworkParameters params;
    private final DifficultyRule difficulty;

    public HeaderValidator(NetworkParameters params) {
        this.params = params;
        this.difficulty = new DifficultyRule(params);
    }

    public NetworkParameters params() {
        return params;
    }

    /**
     * Validates {@code header} as the child of {@code parent}, reading earlier history through {@code chain}.
     *
     * @param nowSeconds the local clock, seconds since the epoch, for the future-time rule
     */
    public Verdict<RejectReason> validate(BlockHeader header, HeaderSyncData parent, AncestorLookup chain, long nowSeconds) {
        int height = parent.height() + 1;
        if (!header.prevHash().equals(parent.hash())) {
            return Verdict.reject(RejectReason.BAD_PREV,
                    where(header, height) + "previous hash " + header.prevHash() + ", expected " + parent.hash());
        }
        ExpectedBits expected = difficulty.expectation(parent, header, chain);
        if (!expected.permits(header.bits())) {
            return Verdict.reject(RejectReason.BAD_DIFFBITS,
                    where(header, height) + "bits " + ExpectedBits.hex(header.bits()) + ", expected " + expected.describe());
        }
        String powProblem = proofOfWorkProblem(header.hash(), header.bits(), params);
        if (powProblem != null) {
            return Verdict.reject(RejectReason.HIGH_HASH, where(header, height) + powProblem);
        }
        Verdict<RejectReason> time = checkTime(header, parent, chain, nowSeconds);
        if (time.isRejected()) {
            return time;
        }
        int minVersion = minimumVersion(height);
        if (header.version() < minVersion) {
            return Verdict.reject(RejectReason.BAD_VERSION, where(header, height) + String.format(
                    "version 0x%08x, at least %d required from this height", header.version(), minVersion));
        }
        Hash checkpoint = params.checkpoints().get(height);
        if (checkpoint != null && !checkpoint.equals(header.hash())) {
            return Verdict.reject(RejectReason.CHECKPOINT_MISMATCH, where(header, height) + "checkpoint requires " + checkpoint);
        }
        return Verdict.accept();
    }

    private Verdict<RejectReason> checkTime(BlockHeader header, HeaderSyncData parent, AncestorLookup chain, long now) {
        int height = parent.height() + 1;
        long medianTimePast = MedianTimePast.of(parent, chain);
        if (header.time() <= medianTimePast) {
            return Verdict.reject(RejectReason.TIME_TOO_OLD,
                    where(header, height) + "time " + header.time() + " is not after the median time past " + medianTimePast);
        }
        if (params.enforceBip94() && (parent.height() + 1) % params.retargetInterval() == 0
                && header.time() < parent.header().time() - MAX_TIMEWARP_SECONDS) {
            return Verdict.reject(RejectReason.TIME_TIMEWARP_ATTACK, where(header, height) + "time " + header.time()
                    + " is more than " + MAX_TIMEWARP_SECONDS + " s before the parent's " + parent.header().time());
        }
        long latest = now + params.maxFutureBlockTimeSeconds();
        if (header.time() > latest) {
            return Verdict.reject(RejectReason.TIME_TOO_NEW,
                    where(header, height) + "time " + header.time() + " is after now + " + params.maxFutureBlockTimeSeconds()
                            + " s = " + latest);
        }
        return Verdict.accept();
    }

    /** Names the header in a rejection message; built only when a header is rejected. */
    private static String where(BlockHeader header, int height) {
        return "header " + header.hash() + " at height " + height + ": ";
    }

    /** The lowest version a block at {@code height} may have ("bad-version"); any when no soft fork applies. */
    int minimumVersion(int height) {
        if (height >= params.bip65Height()) {
            return 4;
        }
        if (height >= params.bip66Height()) {
            return 3;
        }
        return height >= params.bip34Height() ? 2 : Integer.MIN_VALUE;
    }

    /**
     * Core's {@code CheckProofOfWork}: null when {@code hash} meets the target encoded by {@code bits},
     * otherwise what is wrong.
     */
    static String proofOfWorkProblem(Hash hash, long bits, NetworkParameters params) {
        Difficulty.CompactTarget target = Difficulty.decode(bits);
        if (target.negative()) {
            return bitsText(bits) + " encode a negative target";
        }
        if (target.overflow()) {
            return bitsText(bits) + " overflow 256 bits";
        }
        if (target.value().signum() == 0) {
            return bitsText(bits) + " encode a zero target";
        }
        if (target.value().compareTo(params.powLimit()) > 0) {
            return bitsText(bits) + " encode a target above the pow limit " + ExpectedBits.hex(params.powLimitBits());
        }
        BigInteger h = hash.toBigInteger();
        if (h.compareTo(target.value()) > 0) {
            return "hash above the target of " + bitsText(bits);
        }
        return null;
    }

    private static String bitsText(long bits) {
        return "bits " + ExpectedBits.hex(bits);
    }
}
