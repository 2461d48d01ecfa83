package dev.tributary.chain;

import dev.tributary.validation.Verdict;
import java.util.List;
import java.util.Optional;

/**
 * What {@link HeaderChainAttacher#attach} did with a batch of headers.
 *
 * @param accepted      the new entries, in batch order, now in the index
 * @param alreadyKnown  how many headers of the batch were already indexed and skipped
 * @param tipBefore     the best tip before the batch
 * @param tipAfter      the best tip after the batch
 * @param tipChange     the batch's tip moves folded into one (from {@code tipBefore} to {@code tipAfter}),
 *                      empty when the tip did not change
 * @param rejection     the first invalid header, when there was one; the headers after it were not looked at
 * @param parentUnknown true when the first new header's parent is not in the index; nothing was added
 */
public record AttachResult(List<HeaderSyncData> accepted, int alreadyKnown, HeaderSyncData tipBefore,
        HeaderSyncData tipAfter, Optional<TipChange> tipChange, Optional<Rejection> rejection, boolean parentUnknown) {

    /** A {@link HeaderBatch} (immutable) is kept as it is, not copied entry by entry; other lists are copied. */
    public AttachResult {
        accepted = HeaderBatch.immutable(accepted);
    }

    /**
     * The invalid header that ended the batch.
     *
     * @param index   its position in the batch
     * @param header  the header
     * @param verdict why it was rejected, with the peer's penalty
     */
    public record Rejection(int index, BlockHeader header, Verdict<RejectReason> verdict) {
    }

    /** True when every header of the batch was accepted or already known. */
    public boolean isComplete() {
        return !parentUnknown && rejection.isEmpty();
    }

    public boolean tipChanged() {
        return tipChange.isPresent();
    }

    /** The misbehaviour score the batch earns its sender: the rejected header's, else 0. */
    public int penalty() {
        return rejection.map(r -> r.verdict().penalty()).orElse(0);
    }
}
