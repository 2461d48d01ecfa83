package dev.tributary.chain;

import dev.tributary.validation.Verdict;
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
    private final RecordChecks checks;

    public HeaderChainAttacher(BlockIndex index) {
        this(index, new HeaderValidator(index.params()));
    }

    public HeaderChainAttacher(BlockIndex index, HeaderValidator validator) {
        this.index = index;
        this.validator = validator;
        this.checks = new RecordChecks(index, validator);
    }

    public BlockIndex index() {
        return index;
    }

    /**
     * Attaches {@code headers} in order. Each header is checked on the index's records first
     * ({@link RecordChecks}); only one that the fast path cannot vouch for goes through
     * {@link HeaderValidator}, which gives the verdict.
     *
     * @param nowSeconds the local clock, seconds since the epoch, for the future-time rule
     */
    public AttachResult attach(List<BlockHeader> headers, long nowSeconds) {
        HeaderSyncData tipBefore = index.tip();
        List<HeaderSyncData> accepted = new ArrayList<>();
        int known = 0;
        int previous = -1;
        boolean previousAdded = false;
        for (int i = 0; i < headers.size(); i++) {
            BlockHeader header = headers.get(i);
            Optional<AttachResult.Rejection> invalid = knownInvalid(i, header);
            if (invalid.isPresent()) {
                return result(accepted, known, tipBefore, invalid);
            }
            // The two branches below test `previous` once each (HotSpot 17.0.15's C2 crashed compiling an
            // earlier shape of this loop that tested it twice in a row: PhaseIdealLoop::identical_backtoback_ifs).
            // The child of a header this batch just added cannot be indexed yet (the index holds no header without
            // its parent): the lookup, a cache miss in a large index, is skipped.
            int existing = previousAdded ? -1 : index.recordOf(header.hash());
            int parent;
            if (previous >= 0) {
                if (existing >= 0 && index.records().isParentOf(previous, header)) {
                    known++;
                    previous = existing;
                    previousAdded = false;
                    continue;
                }
                parent = previous;
            } else {
                if (existing >= 0) {
                    known++;
                    previous = existing;
                    previousAdded = false;
                    continue;
                }
                parent = index.recordOf(header.prevHash());
                if (parent < 0) {
                    return new AttachResult(List.of(), known, tipBefore, tipBefore, Optional.empty(), Optional.empty(), true);
                }
            }
            if (!checks.plainlyValid(header, parent, nowSeconds)) {
                Verdict<RejectReason> verdict = validator.validate(header, index.data(parent), index, nowSeconds);
                if (verdict.isRejected()) {
                    return result(accepted, known, tipBefore, Optional.of(new AttachResult.Rejection(i, header, verdict)));
                }
            }
            int added = index.addChild(header, parent);
            accepted.add(index.entry(added, header));
            previous = added;
            previousAdded = true;
        }
        return result(accepted, known, tipBefore, Optional.empty());
    }

    /** The rejection of the batch's {@code i}th header when it is, or builds on, a block known to be invalid. */
    private Optional<AttachResult.Rejection> knownInvalid(int i, BlockHeader header) {
        if (!index.hasInvalid()) {
            return Optional.empty();
        }
        RejectReason reason;
        String what;
        if (index.isInvalid(header.hash())) {
            reason = RejectReason.DUPLICATE_INVALID;
            what = " is";
        } else if (index.isInvalid(header.prevHash())) {
            reason = RejectReason.BAD_PREVBLK;
            what = " builds on";
        } else {
            return Optional.empty();
        }
        Verdict<RejectReason> verdict = Verdict.reject(reason, "header " + header.hash() + what + " a block known to be invalid");
        return Optional.of(new AttachResult.Rejection(i, header, verdict));
    }

    private AttachResult result(List<HeaderSyncData> accepted, int known, HeaderSyncData tipBefore,
            Optional<AttachResult.Rejection> rejection) {
        HeaderSyncData tipAfter = index.tip();
        Optional<TipChange> change;
        if (tipAfter.equals(tipBefore)) {
            change = Optional.empty();
        } else if (!accepted.isEmpty() && accepted.get(0).prevHash().equals(tipBefore.hash())
                && accepted.get(accepted.size() - 1) == tipAfter) {
            // The batch extended the tip: the accepted headers are the connected ones (they follow each other).
            change = Optional.of(new TipChange(tipBefore, tipAfter, tipBefore, List.of(), accepted));
        } else {
            change = Optional.of(index.tipChange(tipBefore, tipAfter));
        }
        return new AttachResult(accepted, known, tipBefore, tipAfter, change, rejection, false);
    }
}
