package dev.tributary.chain;

import dev.tributary.validation.Verdict;
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
     * {@link HeaderValidator}, which gives the verdict. The headers are read from their bytes (a
     * {@link HeaderList}, as decoded from the wire, or a copy of the list) and the accepted ones come back as one
     * {@link HeaderBatch}: no object per header.
     *
     * @param nowSeconds the local clock, seconds since the epoch, for the future-time rule
     */
    public AttachResult attach(List<BlockHeader> headers, long nowSeconds) {
        HeaderList list = HeaderList.of(headers);
        HeaderSyncData tipBefore = index.tip();
        HeaderBatch.Builder accepted = new HeaderBatch.Builder(list.size());
        HeaderRecords records = index.records();
        int known = 0;
        int previous = -1;
        int lastAdded = -1;
        boolean previousAdded = false;
        for (int i = 0; i < list.size(); i++) {
            Optional<AttachResult.Rejection> invalid = knownInvalid(i, list);
            if (invalid.isPresent()) {
                return result(accepted, known, tipBefore, lastAdded, invalid);
            }
            // The two branches below test `previous` once each (HotSpot 17.0.15's C2 crashed compiling an
            // earlier shape of this loop that tested it twice in a row: PhaseIdealLoop::identical_backtoback_ifs).
            // The child of a header this batch just added cannot be indexed yet (the index holds no header without
            // its parent): the lookup, a cache miss in a large index, is skipped.
            int existing = previousAdded ? -1 : records.find(list.array(), HeaderList.hashOffset(i));
            int parent;
            if (previous >= 0) {
                if (existing >= 0 && records.isParentOf(previous, list, i)) {
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
                parent = records.find(list.array(), HeaderList.prevHashOffset(i));
                if (parent < 0) {
                    return new AttachResult(List.of(), known, tipBefore, tipBefore, Optional.empty(), Optional.empty(), true);
                }
            }
            if (!checks.plainlyValid(list, i, parent, nowSeconds)) {
                BlockHeader header = list.get(i);
                Verdict<RejectReason> verdict = validator.validate(header, index.data(parent), index, nowSeconds);
                if (verdict.isRejected()) {
                    return result(accepted, known, tipBefore, lastAdded,
                            Optional.of(new AttachResult.Rejection(i, header, verdict)));
                }
            }
            int added = index.addChild(list, i, parent);
            accepted.add(list, i, index.height(added), records.workHi(added), records.workLo(added));
            previous = added;
            lastAdded = added;
            previousAdded = true;
        }
        return result(accepted, known, tipBefore, lastAdded, Optional.empty());
    }

    /** The rejection of the batch's {@code i}th header when it is, or builds on, a block known to be invalid. */
    private Optional<AttachResult.Rejection> knownInvalid(int i, HeaderList headers) {
        if (!index.hasInvalid()) {
            return Optional.empty();
        }
        BlockHeader header = headers.get(i);
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

    /**
     * The result: {@code lastAdded} is the record of the last header accepted, -1 when none was. When the batch
     * extended the tip (its first accepted header is the old tip's child, its last the new tip), the accepted headers
     * are the connected ones; otherwise the change is walked in the index.
     */
    private AttachResult result(HeaderBatch.Builder builder, int known, HeaderSyncData tipBefore, int lastAdded,
            Optional<AttachResult.Rejection> rejection) {
        List<HeaderSyncData> accepted = builder.size() == 0 ? List.of() : builder.build();
        HeaderSyncData tipAfter = index.tip();
        Optional<TipChange> change;
        if (tipAfter.equals(tipBefore)) {
            change = Optional.empty();
        } else if (!accepted.isEmpty() && lastAdded == index.tipRecord()
                && accepted.get(0).prevHash().equals(tipBefore.hash())) {
            // The batch extended the tip: the accepted headers are the connected ones (they follow each other).
            change = Optional.of(new TipChange(tipBefore, tipAfter, tipBefore, List.of(), accepted));
        } else {
            change = Optional.of(index.tipChange(tipBefore, tipAfter));
        }
        return new AttachResult(accepted, known, tipBefore, tipAfter, change, rejection, false);
    }
}
