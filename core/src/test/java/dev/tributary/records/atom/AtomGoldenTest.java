package dev.tributary.records.atom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.records.Digest;
import dev.tributary.records.DigestEntry;
import dev.tributary.records.Payload;
import dev.tributary.records.Record;
import dev.tributary.records.SyncMode;
import dev.tributary.records.SyncState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The walkthrough's documents (SData sync 5.1-5.8, values from {@code conflict-cases.json} and {@code protocol.md})
 * written canonically byte for byte as the golden files under {@code sdata/golden}, and read back; the lenient
 * readings of {@code sdata/lenient}.
 */
class AtomGoldenTest {
    private static final String APP1 = "http://www.example.com/sdata/myApp1/myContract/-/accounts";
    private static final String APP2 = "http://www.example.com/sdata/myApp2/myContract/-/accounts";
    private static final String APP3 = "http://www.example.com/sdata/sageApp3/test/-/accounts";
    private static final String SOURCE_CONTEXT = APP1 + "/$syncSource('DD052E5C-BFAD-4ffa-8D54-D696E4959497')";
    private final AtomWriter writer = new AtomWriter();
    private final AtomReader reader = new AtomReader();

    static String resource(String path) {
        try (InputStream in = AtomGoldenTest.class.getResourceAsStream("/sdata/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Instant t(String text) {
        return Instant.parse(text);
    }

    static Digest sourceDigest() {
        return Digest.of(APP1, List.of(new DigestEntry(APP1, 6, t("2008-10-30T17:23:08Z"), 2),
                new DigestEntry(APP2, 10, t("2008-10-30T12:16:51Z"), 1),
                new DigestEntry(APP3, 10, t("2008-10-30T16:47:03Z"), 3)));
    }

    static SyncFeedDocument page1() {
        Record natural = Record.live("74926A0D-D2C0-4daa-9986-47C833691569",
                SyncState.of(APP1, 5, t("2008-10-30T14:55:43.281Z")),
                Payload.of("account", Map.of("name", "Natural Goods Ltd.")));
        Record chemical = Record.live("C4411795-9943-4cf4-8705-51A74C9F0ACC",
                SyncState.of(APP3, 8, t("2008-10-30T13:27:19.207Z")),
                Payload.of("account", Map.of("name", "Chemical Brothers Inc.")));
        return new SyncFeedDocument(SOURCE_CONTEXT, "accounts changes for myApp2", t("2009-10-14T08:51:03Z"),
                List.of(new AtomLink("self", SOURCE_CONTEXT, AtomLink.FEED_TYPE),
                        new AtomLink("first", SOURCE_CONTEXT, AtomLink.FEED_TYPE),
                        new AtomLink("next", SOURCE_CONTEXT + "?startIndex=11&count=10", AtomLink.FEED_TYPE)),
                SyncMode.CATCH_UP, sourceDigest(), "account",
                List.of(new SyncEntryDocument("", "Natural Goods Ltd.", t("2008-10-30T14:55:43.281Z"), natural),
                        new SyncEntryDocument(APP1 + "('23552')", "Chemical Brothers Inc.",
                                t("2008-05-25T13:27:19.207Z"), chemical)));
    }

    @Test
    void theCatchUpPageIsWrittenAsTheGoldenFileAndReadBack() throws Exception {
        SyncFeedDocument page = page1();
        assertThat(AtomWriter.toString(out -> writer.writeFeed(page, out))).isEqualTo(resource("golden/catchup-page1.xml"));

        SyncFeedDocument read = reader.readFeed(stream(resource("golden/catchup-page1.xml")));
        assertThat(read).isEqualTo(page);
        assertThat(read.toPage().last()).isFalse();
        assertThat(read.next()).contains(SOURCE_CONTEXT + "?startIndex=11&count=10");
    }

    @Test
    void theTargetDigestIsWrittenAsTheGoldenFileAndReadBack() throws Exception {
        Digest target = Digest.of(APP2, List.of(new DigestEntry(APP1, 5, t("2008-10-30T14:52:03.281Z"), 2),
                new DigestEntry(APP2, 11, t("2008-10-30T13:46:45Z"), 1),
                new DigestEntry(APP3, 8, t("2008-10-30T12:40:25Z"), 3)));
        DigestDocument doc = new DigestDocument(APP2 + "/$syncDigest", "accounts digest", t("2009-10-14T08:51:02Z"),
                target);
        assertThat(AtomWriter.toString(out -> writer.writeDigest(doc, out))).isEqualTo(resource("golden/digest-myApp2.xml"));
        assertThat(reader.readDigest(stream(resource("golden/digest-myApp2.xml")))).isEqualTo(doc);
    }

    @Test
    void trackingIsWrittenAsTheGoldenFileAndReadBack() throws Exception {
        Tracking tracking = new Tracking("Initialization", "Starting thread", 0.0, 0, 7, 500);
        assertThat(AtomWriter.toString(out -> writer.writeTracking(tracking, out))).isEqualTo(resource("golden/tracking.xml"));
        assertThat(reader.readTracking(stream(resource("golden/tracking.xml")))).isEqualTo(tracking);
    }

    @Test
    void theResultFeedIsWrittenAsTheGoldenFileAndReadBack() throws Exception {
        Instant at = t("2009-10-14T08:51:05Z");
        String created = APP2 + "('28004')";
        String updated = APP2 + "('27483')";
        ResultFeedDocument results = new ResultFeedDocument(APP2 + "/$syncTarget", "accounts results", at, null, List.of(
                new ResultEntryDocument(created, "Natural Goods Ltd.", at, "74926A0D-D2C0-4daa-9986-47C833691569", 200,
                        "OK", "POST", created, "2nXz9DZYR2pqmcXi/ZCbYA==",
                        SyncState.of(APP1, 5, t("2008-10-30T14:55:43.281Z")), null),
                new ResultEntryDocument(updated, "Chemical Brothers Inc.", at, "C4411795-9943-4cf4-8705-51A74C9F0ACC", 200,
                        "OK", "PUT", null, "STFtZgHEkPz7TyH98YEmWA==",
                        SyncState.of(APP3, 8, t("2008-10-30T13:27:19.207Z")), null)));
        assertThat(AtomWriter.toString(out -> writer.writeResults(results, out)))
                .isEqualTo(resource("golden/results-page1.xml"));
        assertThat(reader.readResults(stream(resource("golden/results-page1.xml")))).isEqualTo(results);
    }

    @Test
    void theImmediatePushAsPrintedIsReadLeniently() throws Exception {
        SyncFeedDocument feed = reader.readFeed(stream(resource("lenient/immediate-as-printed.xml")));

        assertThat(feed.mode()).isEqualTo(SyncMode.IMMEDIATE);
        assertThat(feed.digest().origin()).isNull();
        assertThat(feed.digest().tick(APP3)).isEqualTo(15);
        assertThat(feed.digest().entry(APP2).orElseThrow().conflictPriority()).isEqualTo(2);
        assertThat(feed.toPage().last()).isTrue();
        Record r = feed.entries().get(0).record();
        assertThat(r.uuid()).isEqualTo("C4411795-9943-4cf4-8705-51A74C9F0ACC");
        assertThat(r.state()).isEqualTo(SyncState.of(APP1, 6, t("2008-10-30T18:13:39Z")));
        assertThat(r.payload()).isEqualTo(Payload.of("account", Map.of("name", "Chemical Brothers Inc.")));
    }

    @Test
    void writingWhatWasReadLenientlyGivesTheCanonicalForm() throws Exception {
        SyncFeedDocument feed = reader.readFeed(stream(resource("lenient/immediate-as-printed.xml")));
        String canonical = AtomWriter.toString(out -> writer.writeFeed(feed, out));

        assertThat(canonical).contains("<sdata:payload>\n      <account xmlns=\"" + Namespaces.RECORDS
                + "\" sdata:uuid=\"C4411795-9943-4cf4-8705-51A74C9F0ACC\">").doesNotContain("<sync:origin>");
        assertThat(reader.readFeed(stream(canonical))).isEqualTo(feed);
    }

    @Test
    void legacyTrackingNamespaceAndMissingPollingDelayAreAccepted() throws Exception {
        assertThat(reader.readTracking(stream(resource("lenient/tracking-legacy-namespace.xml"))))
                .isEqualTo(new Tracking("Initialization", "Starting batch", 0.0, 0, 20, Tracking.DEFAULT_POLLING_MILLIS));
    }

    @Test
    void aDeleteInTheSyncNamespaceAndOtherToleratedVariants() throws Exception {
        SyncFeedDocument feed = reader.readFeed(stream(resource("lenient/delete-in-sync-namespace.xml")));

        assertThat(feed.mode()).isEqualTo(SyncMode.CATCH_UP);
        assertThat(feed.digest().entries().get(0).conflictPriority()).isEqualTo(DigestEntry.WEAKEST_PRIORITY);
        Record r = feed.entries().get(0).record();
        assertThat(r.deleted()).isTrue();
        assertThat(r.state()).isEqualTo(new SyncState("http://a.example/accounts", 3, t("2009-10-14T08:51:02Z"), "ops"));
        String canonical = AtomWriter.toString(out -> writer.writeFeed(feed, out));
        assertThat(canonical).contains("<account xmlns=\"" + Namespaces.RECORDS
                + "\" sdata:uuid=\"0000-gone\" sdata:isDeleted=\"true\"/>");
        assertThat(reader.readFeed(stream(canonical)).entries().get(0).record()).isEqualTo(r);
    }

    @Test
    void theStrayEndTagOfTheSourceFeedExampleIsRefusedNamingTheLine() {
        assertThatThrownBy(() -> reader.readFeed(stream(resource("lenient/stray-payload-end.xml"))))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageStartingWith("not well-formed XML at line 9");
    }
}
