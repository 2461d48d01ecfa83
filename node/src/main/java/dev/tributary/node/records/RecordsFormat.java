package dev.tributary.node.records;

import dev.tributary.records.atom.DigestDocument;
import dev.tributary.records.atom.Diagnosis;
import dev.tributary.records.atom.MalformedDocumentException;
import dev.tributary.records.atom.ResultFeedDocument;
import dev.tributary.records.atom.SyncFeedDocument;
import dev.tributary.records.atom.Tracking;
import java.util.List;

/**
 * One representation of the sync documents: Atom XML ({@link XmlFormat}, the specification's) or JSON
 * ({@link JsonFormat}, Tributary's extension, {@code docs/records-json.md}). Readers throw
 * {@link MalformedDocumentException} with a message for the consumer.
 */
interface RecordsFormat {
    /** Media type of a digest entry. */
    String entryType();

    /** Media type of a feed (pages and results). */
    String feedType();

    /** Media type of a tracking payload or diagnoses. */
    String plainType();

    DigestDocument readDigest(byte[] body) throws MalformedDocumentException;

    SyncFeedDocument readFeed(byte[] body) throws MalformedDocumentException;

    /**
     * What the engine needs of a page it passes on: its digest, its {@code next} link and how many entries it holds,
     * read without taking its entries in (the target reads them, and refuses a page whose entries are malformed).
     * By default the whole page is read.
     */
    default FeedSkim skimFeed(byte[] body) throws MalformedDocumentException {
        SyncFeedDocument feed = readFeed(body);
        return new FeedSkim(feed.digest(), feed.next(), feed.entries().size());
    }

    /**
     * A target's result feed counted as the engine reports it ({@link ResultCounts}), without taking its entries in.
     * By default the whole feed is read.
     */
    default ResultCounts countResults(byte[] body) throws MalformedDocumentException {
        return ResultCounts.of(readResults(body));
    }

    /** A tracking payload (the body of a 202), as the engine reads it. */
    Tracking readTracking(byte[] body) throws MalformedDocumentException;

    /** A target's result feed, as the engine reads it. */
    ResultFeedDocument readResults(byte[] body) throws MalformedDocumentException;

    byte[] digest(DigestDocument doc);

    byte[] feed(SyncFeedDocument doc);

    byte[] results(ResultFeedDocument doc);

    byte[] tracking(Tracking tracking);

    byte[] diagnoses(List<Diagnosis> diagnoses);
}
