package dev.tributary.chain;

import dev.tributary.validation.Verdict;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Steps 3 and 4 of a headers-first pass: attaches a batch of headers (a {@code headers} message) to a
 * {@link BlockIndex}, validating each one.
 *
 * <p>The first header not yet indexed must have its parent in the index, otherwise nothing is added and
 * the result says {@code parentUnknown} (Core then asks the peer for the headers between). Each header must
 * follow the one before it in the batch. Headers already indexed are skipped. For every other header, in
 * order: height = parent's + 1, chain work = parent's + {@link Difficulty#work(long)}, then
 * {@link HeaderValidator}; a valid header is added at once (so the next one can find it as its parent),
 * and the first invalid one ends the batch: the valid prefix is kept, the rest is not looked at.
 *
 * <p>Core rejects a whole non-continuous {@code headers} message; keeping the valid prefix instead adds
 * only headers that are valid on their own, and the penalty is the same.
 *
 * <p>Not thread-safe, like the index it writes to.
 */
public final class HeaderChainAttacher {
    private final BlockIndex index;
    private final HeaderValidator validator;
    private long lastBits = -1;
    private BigInteger lastWork = BigInteger.ZERO;

    public HeaderChainAttacher(BlockIndex index) {
        this(index, new HeaderValidator(index.params()));
    }

    public HeaderChainAttacher(BlockIndex index, HeaderValidator validator) {
        this.index = index;
        this.validator = validator;
    }

    public BlockIndex index() {
        return index;
    }

    /**
     * Attaches {@code headers} in order.
     *
     * @param nowSeconds the local clock, seconds since the epoch, for the future-time rule
     */
    public AttachResult attach(List<BlockHeader> headers, long nowSeconds) {
        HeaderSyncData tipBefore = index.tip();
        List<HeaderSyncData> accepted = new ArrayList<>();
        int known = 0;
        HeaderSyncData previous = null;
        for (int i = 0; i < headers.size(); i++) {
            BlockHeader header = headers.get(i);
            Optional<RejectReason> invalid = index.isInvalid(header.hash()) ? Optional.of(RejectReason.DUPLICATE_INVALID)
                    : index.isInvalid(header.prevHash()) ? Optional.of(RejectReason.BAD_PREVBLK) : Optional.empty();
            if (invalid.isPresent()) {
                Verdict<RejectReason> verdict = Verdict.reject(invalid.get(), "header " + header.hash()
                        + (invalid.get() == RejectReason.DUPLICATE_INVALID ? " is" : " builds on") + " a block known to be invalid");
                return result(accepted, known, tipBefore, Optional.of(new AttachResult.Rejection(i, header, verdict)));
            }
            Optional<HeaderSyncData> existing = index.get(header.hash());
            HeaderSyncData parent = previous != null ? previous : index.get(header.prevHash()).orElse(null);
            if (existing.isPresent() && (previous == null || header.prevHash().equals(previous.hash()))) {
                known++;
                previous = existing.get();
                continue;
            }
            if (parent == null) {
                return new AttachResult(List.of(), known, tipBefore, tipBefore, Optional.empty(), Optional.empty(), true);
            }
            Verdict<RejectReason> verdict = validator.validate(header, parent, index, nowSeconds);
            if (verdict.isRejected()) {
                AttachResult.Rejection r = new AttachResult.Rejection(i, header, verdict);
                return result(accepted, known, tipBefore, Optional.of(r));
            }
            HeaderSyncData entry = new HeaderSyncData(header, parent.height() + 1,
                    parent.chainWork().add(work(header.bits())));
            index.add(entry);
            accepted.add(entry);
            previous = entry;
        }
        return result(accepted, known, tipBefore, Optional.empty());
    }

    private AttachResult result(List<HeaderSyncData> accepted, int known, HeaderSyncData tipBefore,
            Optional<AttachResult.Rejection> rejection) {
        HeaderSyncData tipAfter = index.tip();
        Optional<TipChange> change = tipAfter.equals(tipBefore)
                ? Optional.empty()
                : Optional.of(index.tipChange(tipBefore, tipAfter));
        return new AttachResult(accepted, known, tipBefore, tipAfter, change, rejection, false);
    }

    /** {@link Difficulty#work(long)}, remembering the last value: bits repeat for 2016 headers at a time. */
    private BigInteger work(long bits) {
        if (bits != lastBits) {
            lastWork = Difficulty.work(bits);
            lastBits = bits;
        }
        return lastWork;
    }
}
