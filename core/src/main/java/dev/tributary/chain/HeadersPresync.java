package dev.tributary.chain;

import dev.tributary.bytes.Hash;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Bitcoin Core's low-work headers sync with one peer ({@code HeadersSyncState}, {@code headerssync.cpp}):
 * a peer's chain is stored only once it is shown to reach a minimum chain work, and the memory spent on
 * finding that out is bounded, whatever the peer sends.
 *
 * <ol>
 *   <li><b>Presync.</b> The peer's headers from {@code start} (a header of our index) are checked for
 *       continuity, proof of work and permitted difficulty transitions (Core's
 *       {@code PermittedDifficultyTransition}), and their work is summed; nothing of them is kept but the
 *       last header's hash, bits and height, and one bit per {@link NetworkParameters#headerCommitmentPeriod()}
 *       headers: a salted hash of the header at each height {@code h} with {@code h mod period = offset}
 *       ({@code offset} random). The commitments are capped by the most headers the time since {@code start}
 *       allows (6 a second, the median-time-past rule's limit): a longer chain is given up.</li>
 *   <li><b>Redownload.</b> Once the summed work reaches the minimum, the same headers are asked for again
 *       from {@code start}. Each must follow the previous one, with a permitted difficulty transition, and
 *       match the commitment bit at its height; they are held back in a buffer of
 *       {@link NetworkParameters#redownloadBufferSize()} headers and released (for full validation and
 *       storing, by the caller) only when the buffer overflows or the redownloaded chain itself reaches the
 *       minimum work, after which every header is released.</li>
 * </ol>
 *
 * A peer that serves a different, low-work chain in the redownload than the one it presynced fails a
 * commitment with probability 1/2 at each one: with a buffer of about 25 commitments, it gets fewer than one
 * buffer of headers past the check in 2^25 attempts; and every header released still passes full validation.
 *
 * <p>Memory: {@link #retainedBytes()}, at most one bit per commitment (about {@code 6 × seconds since start /
 * period}) plus the buffer of headers and one message's worth. Not thread-safe; one per peer.
 */
public final class HeadersPresync {
    /** Core's {@code MAX_FUTURE_BLOCK_TIME}, for the commitment cap. */
    private static final long MAX_FUTURE_SECONDS = 2 * 60 * 60;
    /** Most headers a second the median-time-past rule lets a chain have. */
    private static final long MAX_HEADERS_PER_SECOND = 6;
    /** Heap of one buffered header (object, three hashes), for {@link #retainedBytes()}. */
    private static final int HEADER_BYTES = 260;

    /** Where the sync stands. */
    public enum Phase {
        PRESYNC, REDOWNLOAD, DONE
    }

    /**
     * What one {@code headers} message led to.
     *
     * @param failure       why the sync with this peer ended without reaching the minimum work (nothing released);
     *                      the peer is not punished, as in Core: its chain may just be short
     * @param endsShortOfWork whether the failure is that the peer's chain ended below the minimum work (its text
     *                      then names where and the work), rather than a header that broke the presync's rules
     * @param released      headers that passed the redownload checks, in order, for validation and storing
     * @param requestMore   whether to send {@code getheaders} with {@link #locator} for the next ones
     */
    public record Step(Optional<String> failure, boolean endsShortOfWork, List<BlockHeader> released,
            boolean requestMore) {
        static Step failed(String why) {
            return new Step(Optional.of(why), false, List.of(), false);
        }

        static Step going(List<BlockHeader> released, boolean requestMore) {
            return new Step(Optional.empty(), false, released, requestMore);
        }
    }

    private final NetworkParameters params;
    private final HeaderSyncData start;
    private final BigInteger minimumWork;
    private final int period;
    private final int commitOffset;
    private final long salt0;
    private final long salt1;
    private final long maxCommitments;
    private final BitQueue commitments = new BitQueue();
    private final WorkCache work = new WorkCache();
    private Phase phase = Phase.PRESYNC;

    // presync: the last header received
    private Hash lastHash;
    private long lastBits;
    private int height;
    private BigInteger chainWork;

    // redownload: the buffer and its last header
    private final ArrayDeque<BlockHeader> buffer = new ArrayDeque<>();
    private Hash bufferLastHash;
    private long bufferLastBits;
    private int bufferLastHeight;
    private BigInteger redownloadWork;
    private boolean releaseAll;

    /**
     * @param start       the header of our index the peer's headers build on
     * @param minimumWork the chain work the peer's chain must reach before any of it is stored
     * @param nowSeconds  the local clock, for the cap on commitments
     * @param mtpOfStart  the median time past of {@code start}
     */
    public HeadersPresync(NetworkParameters params, HeaderSyncData start, BigInteger minimumWork, long nowSeconds,
            long mtpOfStart, java.util.Random random) {
        this.params = params;
        this.start = start;
        this.minimumWork = minimumWork;
        this.period = params.headerCommitmentPeriod();
        this.commitOffset = random.nextInt(period);
        this.salt0 = random.nextLong();
        this.salt1 = random.nextLong();
        this.maxCommitments = MAX_HEADERS_PER_SECOND * (Math.max(0, nowSeconds - mtpOfStart) + MAX_FUTURE_SECONDS) / period;
        this.lastHash = start.hash();
        this.lastBits = start.header().bits();
        this.height = start.height();
        this.chainWork = start.chainWork();
    }

    /** A presync from {@code start}, an entry of {@code index}, with a secure random offset and salt. */
    public static HeadersPresync from(BlockIndex index, HeaderSyncData start, BigInteger minimumWork, long nowSeconds) {
        return new HeadersPresync(index.params(), start, minimumWork, nowSeconds, MedianTimePast.of(start, index),
                new SecureRandom());
    }

    public Phase phase() {
        return phase;
    }

    public HeaderSyncData start() {
        return start;
    }

    /**
     * The height the peer's chain reached so far in the presync (the redownload's height once it began; where the
     * presync stopped when it ended before one).
     */
    public int height() {
        return redownloadWork == null ? height : bufferLastHeight;
    }

    /**
     * The work of the peer's chain so far, summed from genesis (or the index's start): the presync's, or the
     * redownload's once it began.
     */
    public BigInteger chainWork() {
        return redownloadWork == null ? chainWork : redownloadWork;
    }

    public BigInteger minimumWork() {
        return minimumWork;
    }

    /** Commitments held (presync: stored so far; redownload: still to check). */
    public long commitments() {
        return commitments.size();
    }

    /** Headers held back in the redownload buffer. */
    public int buffered() {
        return buffer.size();
    }

    /** An estimate of the heap this sync holds: the commitment bits and the buffered headers. */
    public long retainedBytes() {
        return 128 + commitments.capacityBytes() + (long) buffer.size() * HEADER_BYTES;
    }

    /** The hash the next {@code getheaders} continues from: the last header received or redownloaded. */
    public Hash locatorHead() {
        return phase == Phase.PRESYNC ? lastHash : bufferLastHash;
    }

    /** Core's {@code NextHeadersRequestLocator}: {@link #locatorHead()}, then the index's locator from the start. */
    public List<Hash> locator(BlockIndex index, int maxEntries) {
        List<Hash> locator = new ArrayList<>();
        locator.add(locatorHead());
        for (Hash h : index.locatorFrom(start)) {
            if (locator.size() == maxEntries) {
                break;
            }
            if (!h.equals(locator.get(0))) {
                locator.add(h);
            }
        }
        return locator;
    }

    /**
     * Core's {@code ProcessNextHeaders}: takes the peer's next {@code headers} message.
     *
     * @param full whether the message held the most headers one may ({@code MAX_HEADERS_RESULTS}): a shorter
     *             one means the peer's chain ends there
     */
    public Step process(List<BlockHeader> headers, boolean full) {
        if (phase == Phase.DONE) {
            return Step.failed("the headers sync with this peer is over");
        }
        if (headers.isEmpty()) {
            return finish("the peer sent no more headers at height " + height());
        }
        if (phase == Phase.PRESYNC) {
            String problem = presync(headers);
            if (problem != null) {
                return finish(problem);
            }
            if (chainWork.compareTo(minimumWork) >= 0) {
                startRedownload();
                return Step.going(List.of(), true);
            }
            if (!full) {
                end();
                return new Step(Optional.of("the peer's chain ends at height " + height + " with chain work 0x"
                        + chainWork.toString(16) + ", below the minimum 0x" + minimumWork.toString(16)), true, List.of(),
                        false);
            }
            return Step.going(List.of(), true);
        }
        for (BlockHeader h : headers) {
            String problem = redownload(h);
            if (problem != null) {
                return finish(problem);
            }
        }
        List<BlockHeader> released = new ArrayList<>();
        while (buffer.size() > params.redownloadBufferSize() || !buffer.isEmpty() && releaseAll) {
            released.add(buffer.removeFirst());
        }
        if (releaseAll && buffer.isEmpty()) {
            phase = Phase.DONE;
            commitments.clear();
            return Step.going(released, false);
        }
        if (!full) {
            String why = "the peer's chain ends at height " + bufferLastHeight + " in the redownload, below the minimum work";
            end();
            return new Step(Optional.of(why), true, released, false);
        }
        return Step.going(released, true);
    }

    /** Core's {@code ValidateAndStoreHeadersCommitments}; null when all are fine. */
    private String presync(List<BlockHeader> headers) {
        if (!headers.get(0).prevHash().equals(lastHash)) {
            return "headers do not continue the presync at height " + height;
        }
        for (BlockHeader h : headers) {
            if (!h.prevHash().equals(lastHash)) {
                return "headers do not continue each other at height " + (height + 1);
            }
            String pow = HeaderValidator.proofOfWorkProblem(h.hash(), h.bits(), params);
            if (pow != null) {
                return "header " + h.hash() + " at height " + (height + 1) + ": " + pow;
            }
            int next = height + 1;
            if (!DifficultyRule.permittedTransition(params, next, lastBits, h.bits())) {
                return "an impossible difficulty transition at height " + next;
            }
            if (next % period == commitOffset) {
                commitments.add(commitment(h.hash()));
                if (commitments.size() > maxCommitments) {
                    return "the peer's chain is longer than time allows (over " + maxCommitments + " commitments)";
                }
            }
            chainWork = chainWork.add(work.of(h.bits()));
            lastHash = h.hash();
            lastBits = h.bits();
            height = next;
        }
        return null;
    }

    private void startRedownload() {
        phase = Phase.REDOWNLOAD;
        buffer.clear();
        bufferLastHash = start.hash();
        bufferLastBits = start.header().bits();
        bufferLastHeight = start.height();
        redownloadWork = start.chainWork();
        releaseAll = false;
    }

    /** Core's {@code ValidateAndStoreRedownloadedHeader}; null when fine. */
    private String redownload(BlockHeader h) {
        if (!h.prevHash().equals(bufferLastHash)) {
            return "redownloaded headers do not continue each other at height " + (bufferLastHeight + 1);
        }
        int next = bufferLastHeight + 1;
        if (!DifficultyRule.permittedTransition(params, next, bufferLastBits, h.bits())) {
            return "an impossible difficulty transition at height " + next + " in the redownload";
        }
        redownloadWork = redownloadWork.add(work.of(h.bits()));
        if (redownloadWork.compareTo(minimumWork) >= 0) {
            releaseAll = true;
        }
        if (!releaseAll && next % period == commitOffset) {
            if (commitments.size() == 0) {
                return "the redownloaded chain is longer than the presynced one at height " + next;
            }
            if (commitments.poll() != commitment(h.hash())) {
                return "the redownloaded header at height " + next + " is not the one presynced";
            }
        }
        buffer.addLast(h);
        bufferLastHash = h.hash();
        bufferLastBits = h.bits();
        bufferLastHeight = next;
        return null;
    }

    private Step finish(String why) {
        end();
        return Step.failed(why);
    }

    private void end() {
        phase = Phase.DONE;
        commitments.clear();
        buffer.clear();
    }

    /** One secret bit of a header hash: a keyed mix of its four 64-bit limbs (Core: salted SipHash, bit 0). */
    private boolean commitment(Hash hash) {
        long x = salt0;
        for (int i = 0; i < 4; i++) {
            x = mix(x ^ hash.limb(i) ^ salt1);
        }
        return (x & 1) != 0;
    }

    /** SplitMix64's finalizer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A queue of bits in longs, indexed from the first bit ever added (at most the commitment cap of them). */
    private static final class BitQueue {
        private long[] words = new long[4];
        private long head;
        private long tail;

        void add(boolean bit) {
            int w = (int) (tail >>> 6);
            if (w >= words.length) {
                words = Arrays.copyOf(words, Math.max(words.length * 2, w + 1));
            }
            if (bit) {
                words[w] |= 1L << (tail & 63);
            }
            tail++;
        }

        boolean poll() {
            boolean bit = ((words[(int) (head >>> 6)] >>> (head & 63)) & 1) != 0;
            head++;
            return bit;
        }

        long size() {
            return tail - head;
        }

        long capacityBytes() {
            return 16 + 8L * words.length;
        }

        void clear() {
            words = new long[1];
            head = 0;
            tail = 0;
        }
    }

    /** The work of the last bits seen: a chain's bits change at most once per retarget period. */
    private static final class WorkCache {
        private long bits = -1;
        private BigInteger work;

        BigInteger of(long b) {
            if (b != bits) {
                bits = b;
                work = Difficulty.work(b);
            }
            return work;
        }
    }
}
