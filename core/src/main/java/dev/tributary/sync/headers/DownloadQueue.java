package dev.tributary.sync.headers;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * The blocks of one download that no peer holds: runs of consecutive blocks (batches), each requested from
 * one peer as one {@code getdata}, kept in height order, lowest first.
 *
 * <ul>
 *   <li>The blocks are cut into batches of {@code batchSize}.</li>
 *   <li>A peer takes the first batch it can serve, but only among those that start within the download
 *       window: bodies never pile up far ahead of what can be connected.</li>
 *   <li>Undelivered blocks come back as one batch where their height belongs; being the lowest missing,
 *       that is normally the head. The window check relies on this order.</li>
 *   <li>A block that arrived from anyone is removed from wherever it sits, so it is never asked again.</li>
 * </ul>
 *
 * Engine thread only (owned by the {@link DownloadManager}).
 */
final class DownloadQueue {
    /** A run of consecutive main-chain blocks requested together. */
    private record Batch(List<HeaderSyncData> blocks) {
        int firstHeight() {
            return blocks.get(0).height();
        }

        int lastHeight() {
            return blocks.get(blocks.size() - 1).height();
        }

        boolean contains(Hash hash) {
            return blocks.stream().anyMatch(e -> e.hash().equals(hash));
        }
    }

    private final List<Batch> batches = new ArrayList<>();

    /** Queues {@code blocks} (consecutive, lowest first) in batches of {@code batchSize}. */
    DownloadQueue(List<HeaderSyncData> blocks, int batchSize) {
        for (int i = 0; i < blocks.size(); i += batchSize) {
            batches.add(new Batch(List.copyOf(blocks.subList(i, Math.min(blocks.size(), i + batchSize)))));
        }
    }

    /**
     * Takes the first batch, in height order, that {@code servesUpTo} accepts (tested with the batch's last
     * height), looking only at batches that start at or below {@code windowEnd}.
     */
    Optional<List<HeaderSyncData>> takeFirstWithin(int windowEnd, IntPredicate servesUpTo) {
        for (Iterator<Batch> it = batches.iterator(); it.hasNext();) {
            Batch b = it.next();
            if (b.firstHeight() > windowEnd) {
                return Optional.empty();
            }
            if (servesUpTo.test(b.lastHeight())) {
                it.remove();
                return Optional.of(b.blocks());
            }
        }
        return Optional.empty();
    }

    /** Puts undelivered {@code blocks} (not empty, any order) back as one batch where their height belongs. */
    void giveBack(List<HeaderSyncData> blocks) {
        List<HeaderSyncData> sorted = new ArrayList<>(blocks);
        sorted.sort(Comparator.comparingInt(HeaderSyncData::height));
        int first = sorted.get(0).height();
        int at = 0;
        while (at < batches.size() && batches.get(at).firstHeight() < first) {
            at++;
        }
        batches.add(at, new Batch(List.copyOf(sorted)));
    }

    /** Removes the block {@code hash} from the batch that holds it, if any; an emptied batch goes. */
    void remove(Hash hash) {
        for (int i = 0; i < batches.size(); i++) {
            Batch b = batches.get(i);
            if (b.contains(hash)) {
                List<HeaderSyncData> rest = b.blocks().stream().filter(e -> !e.hash().equals(hash)).toList();
                if (rest.isEmpty()) {
                    batches.remove(i);
                } else {
                    batches.set(i, new Batch(rest));
                }
                return;
            }
        }
    }

    /** True when blocks are queued but every batch starts beyond {@code windowEnd}: the window is full. */
    boolean allBeyond(int windowEnd) {
        return !batches.isEmpty() && batches.stream().noneMatch(b -> b.firstHeight() <= windowEnd);
    }

    /** The lowest block queued, if any. */
    Optional<HeaderSyncData> first() {
        return batches.isEmpty() ? Optional.empty() : Optional.of(batches.get(0).blocks().get(0));
    }

    /** Batches queued. */
    int size() {
        return batches.size();
    }
}
