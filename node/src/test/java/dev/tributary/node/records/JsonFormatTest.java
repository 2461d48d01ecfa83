package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.records.Digest;
import dev.tributary.records.DigestEntry;
import dev.tributary.records.Payload;
import dev.tributary.records.Record;
import dev.tributary.records.SyncMode;
import dev.tributary.records.SyncState;
import dev.tributary.records.atom.AtomLink;
import dev.tributary.records.atom.DigestDocument;
import dev.tributary.records.atom.MalformedDocumentException;
import dev.tributary.records.atom.SyncEntryDocument;
import dev.tributary.records.atom.SyncFeedDocument;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON extension (docs/records-json.md): the documented spelling, and the same documents as the XML form. */
class JsonFormatTest {
    private final JsonFormat json = new JsonFormat();
    private static final String A = "http://www.example.com/sdata/myApp1/myContract/-/accounts";

    private static SyncFeedDocument feed() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("name", "Natural Goods Ltd.");
        props.put("fax", null);
        Digest d = Digest.of(A, List.of(new DigestEntry(A, 6, Instant.parse("2008-10-30T17:23:08Z"), 2)));
        return new SyncFeedDocument(A + "/$syncSource('x')", "accounts changes", Instant.parse("2009-10-14T08:51:03Z"),
                List.of(new AtomLink("next", A + "/$syncSource('x')?cursor=0.7", AtomLink.FEED_TYPE)),
                SyncMode.CATCH_UP, d, "account", List.of(
                        new SyncEntryDocument(A + "('u1')", "u1", null, Record.live("u1",
                                SyncState.of(A, 4, Instant.parse("2008-10-30T14:55:43.281Z")), Payload.of("account", props))),
                        new SyncEntryDocument(A + "('u2')", "u2", null, Record.tombstone("u2", SyncState.of(A, 5, null)))));
    }

    @Test
    void aFeedIsWrittenInTheDocumentedSpellingAndReadBack() throws Exception {
        byte[] bytes = json.feed(feed());
        String text = new String(bytes, StandardCharsets.UTF_8);

        assertThat(text).contains("\"$syncMode\":\"catchUp\"", "\"$digest\":{", "\"digestEntry\":[",
                "\"$resourceKind\":\"account\"", "\"$resources\":[", "\"$uuid\":\"u1\"", "\"$syncState\":{",
                "\"$properties\":{", "\"fax\":null", "\"$isDeleted\":true", "\"$rel\":\"next\"");
        assertThat(json.readFeed(bytes)).isEqualTo(feed());
    }

    @Test
    void aDigestIsReadBack() throws Exception {
        DigestDocument doc = new DigestDocument(A + "/$syncDigest", "d", Instant.parse("2009-10-14T08:51:02Z"),
                Digest.of(A, List.of(new DigestEntry(A, 3, null, 1), new DigestEntry("urn:b", 0, null, 9))));
        assertThat(json.readDigest(json.digest(doc))).isEqualTo(doc);
    }

    @Test
    void badJsonGivesAClearError() {
        assertThatThrownBy(() -> json.readFeed("{\"$syncMode\": ".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedDocumentException.class).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> json.readFeed("[]".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("the body is not a JSON object");
        assertThatThrownBy(() -> json.readDigest("{\"$digest\": {\"digestEntry\": [{\"endpoint\": \"a\", \"tick\": -1}]}}"
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("a \"tick\" of 0 or more");
        assertThatThrownBy(() -> json.readFeed(("{\"$syncMode\": \"catchUp\", \"$digest\": {\"digestEntry\": [{\"endpoint\":"
                + " \"a\", \"tick\": 3}]}, \"$resourceKind\": \"k\", \"$resources\": [{\"$uuid\": \"u\", \"$syncState\":"
                + " {\"endpoint\": \"a\", \"tick\": 1}, \"$properties\": {\"lines\": [1, 2]}}]}")
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("property lines of resource 1 is not a single");
    }

    @Test
    void aPayloadOfAnotherKindThanTheFeedsKeepsItsKind() throws Exception {
        SyncFeedDocument f = feed();
        SyncFeedDocument accounts = new SyncFeedDocument(f.id(), f.title(), f.updated(), f.links(), f.mode(), f.digest(),
                "accounts", f.entries());
        String text = new String(json.feed(accounts), StandardCharsets.UTF_8);
        assertThat(text).contains("\"$resourceKind\":\"accounts\"", "\"$resourceKind\":\"account\"");
        assertThat(json.readFeed(json.feed(accounts))).isEqualTo(accounts);
    }

    @Test
    void aResultFeedIsReadBack() throws Exception {
        Digest d = Digest.of(A, List.of(new DigestEntry(A, 6, Instant.parse("2008-10-30T17:23:08Z"), 2)));
        dev.tributary.records.atom.ResultFeedDocument results = new dev.tributary.records.atom.ResultFeedDocument(
                A + "/$syncTarget", "accounts results", Instant.parse("2009-10-14T08:51:03Z"), d, List.of(
                        new dev.tributary.records.atom.ResultEntryDocument(A + "('u1')", "u1",
                                Instant.parse("2009-10-14T08:51:03Z"), "u1", 200, "OK", "POST", A + "('u1')", "e1",
                                SyncState.of(A, 4, Instant.parse("2008-10-30T14:55:43.281Z")), null),
                        new dev.tributary.records.atom.ResultEntryDocument(A + "('u2')", "u2",
                                Instant.parse("2009-10-14T08:51:03Z"), "u2", 409, "Conflict", null, null, "e2",
                                SyncState.of("urn:b", 9, null), new dev.tributary.records.atom.Diagnosis("warning",
                                        "ApplicationDiagnosis", "conflict_won_by_target", "kept", null))));
        assertThat(json.readResults(json.results(results))).isEqualTo(results);
        assertThatThrownBy(() -> json.readResults("{\"$resources\": [{\"$uuid\": \"u\"}]}"
                .getBytes(StandardCharsets.UTF_8))).hasMessage("result 1 has no \"$httpStatus\"");
    }

    @Test
    void theEngineSkimsAPageForItsDigestNextLinkAndCount() throws Exception {
        FeedSkim skim = json.skimFeed(json.feed(feed()));
        assertThat(skim).isEqualTo(new FeedSkim(feed().digest(), feed().next(), 2));

        // a feed of another shape than Tributary writes is read whole, and refused as the whole reading refuses it
        byte[] numbers = ("{\"$syncMode\": \"catchUp\", \"$digest\": {\"digestEntry\": [{\"endpoint\": \"a\","
                + " \"tick\": 3}]}, \"$resourceKind\": \"k\", \"$resources\": [{\"$uuid\": 7, \"$syncState\":"
                + " {\"endpoint\": \"a\", \"tick\": 1}}]}").getBytes(StandardCharsets.UTF_8);
        assertThat(json.skimFeed(numbers)).isEqualTo(new FeedSkim(json.readFeed(numbers).digest(), java.util.Optional.empty(), 1));
        assertThatThrownBy(() -> json.skimFeed("{\"$digest\": {\"digestEntry\": [{\"endpoint\": \"a\", \"tick\": 3}]},"
                .concat(" \"$resources\": []}").getBytes(StandardCharsets.UTF_8)))
                .hasMessage("the feed has no \"$syncMode\" (catchUp or immediate)");
        assertThatThrownBy(() -> json.skimFeed("{\"$syncMode\": ".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("not JSON");
    }

    @Test
    void theEngineCountsResultsAsTheyStream() throws Exception {
        Instant at = Instant.parse("2009-10-14T08:51:03Z");
        dev.tributary.records.atom.ResultFeedDocument results = new dev.tributary.records.atom.ResultFeedDocument(
                A + "/$syncTarget", "accounts results", at, null, List.of(
                        result("u1", 200, "POST", null),
                        result("u2", 409, null, "warning"), // a conflict the target won: kept
                        result("u3", 200, "PUT", "warning"), // a conflict the source won: applied
                        result("u4", 200, null, "info"))); // skipped
        ResultCounts counts = json.countResults(json.results(results));
        assertThat(counts).isEqualTo(new ResultCounts(2, 2, 1, 1)).isEqualTo(ResultCounts.of(results));
        assertThatThrownBy(() -> json.countResults("{\"$resources\": [{\"$uuid\": \"u\"}]}"
                .getBytes(StandardCharsets.UTF_8))).hasMessage("result 1 has no \"$httpStatus\"");
        // a status as text is not Tributary's shape: counted by the whole reading, which refuses it
        assertThatThrownBy(() -> json.countResults("{\"$resources\": [{\"$httpStatus\": \"200\"}]}"
                .getBytes(StandardCharsets.UTF_8))).hasMessage("result 1 has no \"$httpStatus\"");
    }

    private static dev.tributary.records.atom.ResultEntryDocument result(String uuid, int status, String method,
                                                                         String severity) {
        return new dev.tributary.records.atom.ResultEntryDocument(A + "('" + uuid + "')", uuid,
                Instant.parse("2009-10-14T08:51:03Z"), uuid, status, status == 409 ? "Conflict" : "OK", method, null,
                "e", SyncState.of(A, 4, Instant.parse("2008-10-30T14:55:43.281Z")), severity == null ? null
                : new dev.tributary.records.atom.Diagnosis(severity, "ApplicationDiagnosis", "x", "y", null));
    }
}
