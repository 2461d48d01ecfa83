package dev.tributary.node.records;

import dev.tributary.records.Digest;
import java.util.Optional;

/**
 * What the engine reads of a sync feed page it passes from the source to the target ({@link RecordsFormat#skimFeed}):
 * the source's digest, the {@code next} link's href (empty on the last page) and the number of entries.
 */
record FeedSkim(Digest digest, Optional<String> next, int entries) {
}
