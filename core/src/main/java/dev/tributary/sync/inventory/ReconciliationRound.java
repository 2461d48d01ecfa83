package dev.tributary.sync.inventory;

import dev.tributary.bytes.Hash;
import dev.tributary.dag.BlockAtHeight;
import dev.tributary.dag.DagIndex;
import dev.tributary.dag.DagLocator;
import dev.tributary.dag.message.DagRangeMessage;
import dev.tributary.dag.message.GetDagRangeMessage;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One reconciliation with one peer: a locating {@code getdagrange}, then its {@code dagrange} pages, each asked
 * after the last entry of the one before, while the blocks they list that we lack arrive.
 *
 * <p>Pacing: the next page is asked for once fewer than one page of the blocks already listed are still
 * awaited, so downloads never wait for a page and at most two pages of requests are in flight
 * ({@link #outstanding()} &lt; 2 × {@value DagRangeMessage#MAX_ENTRIES}). The round is finished when the last
 * page (without {@code more}) is in and nothing it listed is awaited. At most one request is in flight.
 * Engine thread only.
 */
final class ReconciliationRound {
    private final boolean full;
    private final long tipsSeq;
    private final Set<Hash> awaited = new HashSet<>();
    private BlockAtHeight cursor;
    private long askedAt = -1;
    private boolean morePending;
    private boolean lastPageIn;
    private int pages;
    private int listed;
    private int fetched;

    /**
     * @param full    whether the round lists everything above genesis (the fallback) rather than locating the fork
     * @param tipsSeq the number of the peer's {@code dagtips} the round started after
     */
    ReconciliationRound(boolean full, long tipsSeq) {
        this.full = full;
        this.tipsSeq = tipsSeq;
    }

    /** The first request, asked at {@code nowMillis}: a locator of {@code dag} (of genesis alone when full). */
    GetDagRangeMessage firstRequest(DagIndex dag, long nowMillis) {
        askedAt = nowMillis;
        return GetDagRangeMessage.locate(full ? DagLocator.genesisOnly(dag) : DagLocator.of(dag));
    }

    /** Whether a request is in flight: only then is a page welcome. */
    boolean awaitingPage() {
        return askedAt >= 0;
    }

    /**
     * The page answering the request in flight ({@link #awaitingPage}) arrived. Returns why it is not an
     * acceptable answer (a continuing page that does not start after the cursor), else empty and the page is
     * recorded.
     */
    Optional<String> onPage(DagRangeMessage page) {
        if (askedAt < 0) {
            throw new IllegalStateException("no page was asked for");
        }
        if (cursor != null && !page.blocks().isEmpty() && page.blocks().get(0).compareTo(cursor) <= 0) {
            return Optional.of("sent a dagrange page that does not continue after " + cursor);
        }
        askedAt = -1;
        pages++;
        listed += page.blocks().size();
        if (page.more()) {
            cursor = page.blocks().get(page.blocks().size() - 1);
            morePending = true;
        } else {
            lastPageIn = true;
        }
        return Optional.empty();
    }

    /** Blocks a page listed that we lack and that are on their way (asked of this peer or another). */
    void await(Collection<Hash> hashes) {
        awaited.addAll(hashes);
    }

    /** A block connected; returns whether this round awaited it. */
    boolean connected(Hash hash) {
        if (awaited.remove(hash)) {
            fetched++;
            return true;
        }
        return false;
    }

    /** Stops awaiting the blocks that are no longer coming ({@code coming} false: given up, or an orphan now). */
    void prune(Predicate<Hash> coming) {
        awaited.removeIf(coming.negate());
    }

    /** The next page's request, when one is due (and then it counts as asked at {@code nowMillis}). */
    Optional<GetDagRangeMessage> nextRequest(long nowMillis) {
        if (!morePending || askedAt >= 0 || awaited.size() >= DagRangeMessage.MAX_ENTRIES) {
            return Optional.empty();
        }
        morePending = false;
        askedAt = nowMillis;
        return Optional.of(GetDagRangeMessage.after(cursor));
    }

    /** Whether the last page is in and no block it listed is awaited. */
    boolean finished() {
        return lastPageIn && awaited.isEmpty();
    }

    /** Whether a request has gone unanswered since {@code timeoutMillis} before {@code nowMillis}. */
    boolean timedOut(long nowMillis, long timeoutMillis) {
        return askedAt >= 0 && nowMillis - askedAt >= timeoutMillis;
    }

    boolean full() {
        return full;
    }

    long tipsSeq() {
        return tipsSeq;
    }

    int outstanding() {
        return awaited.size();
    }

    int pages() {
        return pages;
    }

    int listed() {
        return listed;
    }

    /** Blocks this round awaited that connected. */
    int fetched() {
        return fetched;
    }
}
