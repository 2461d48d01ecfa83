package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.records.InMemoryRecordStore;
import dev.tributary.records.Payload;
import dev.tributary.records.RecordCollection;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The digest watch behind {@code Prefer: wait}: a change, the end of the wait, and a close are three answers. */
class DigestWatchTest {
    @Test
    void aChangeEndsTheWaitWithTrue() throws Exception {
        RecordCollection c = new RecordCollection(new InMemoryRecordStore("urn:a", 1), Clock.systemUTC());
        try (DigestWatch watch = new DigestWatch("items", c)) {
            CompletableFuture<Boolean> changed = watch.changedFrom(DigestWatch.etag(c.digest()), Duration.ofSeconds(30));
            c.put("k", Payload.of("item", Map.of("n", "1")));
            assertThat(changed.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aWaitThatEndsWithoutAChangeIsFalse() throws Exception {
        RecordCollection c = new RecordCollection(new InMemoryRecordStore("urn:a", 1), Clock.systemUTC());
        try (DigestWatch watch = new DigestWatch("items", c)) {
            CompletableFuture<Boolean> changed = watch.changedFrom(DigestWatch.etag(c.digest()), Duration.ofMillis(50));
            assertThat(changed.get(10, TimeUnit.SECONDS)).isFalse();
        }
    }

    /** A stopping node says nothing about its digest: not "unchanged", on which a live engine would wait on. */
    @Test
    void closingEndsOpenWaitsWithNoAnswerAboutTheDigest() throws Exception {
        RecordCollection c = new RecordCollection(new InMemoryRecordStore("urn:a", 1), Clock.systemUTC());
        DigestWatch watch = new DigestWatch("items", c);
        CompletableFuture<Boolean> changed = watch.changedFrom(DigestWatch.etag(c.digest()), Duration.ofSeconds(30));
        watch.close();
        assertThat(changed.get(10, TimeUnit.SECONDS)).isNull();
    }

    /** The server's stop ends the open long polls at once (none holds the stop up); the watch still serves new ones. */
    @Test
    void endingTheWaitsAnswersTheOpenOnesAndKeepsWatching() throws Exception {
        RecordCollection c = new RecordCollection(new InMemoryRecordStore("urn:a", 1), Clock.systemUTC());
        try (DigestWatch watch = new DigestWatch("items", c)) {
            CompletableFuture<Boolean> open = watch.changedFrom(DigestWatch.etag(c.digest()), Duration.ofSeconds(60));
            watch.endWaits();
            assertThat(open).isCompletedWithValue(null);
            CompletableFuture<Boolean> later = watch.changedFrom(DigestWatch.etag(c.digest()), Duration.ofSeconds(30));
            c.put("k", Payload.of("item", Map.of("n", "1")));
            assertThat(later.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
