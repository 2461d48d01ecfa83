package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.node.http.HttpApi;
import dev.tributary.records.Digest;
import dev.tributary.records.DigestEntry;
import dev.tributary.records.InMemoryRecordStore;
import dev.tributary.records.Payload;
import dev.tributary.records.Record;
import dev.tributary.records.RecordCollection;
import dev.tributary.records.SyncState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Record endpoints over HTTP on real nodes (loopback, port 0): the specification's catch-up walkthrough reproduced
 * end to end by the engine, two-way convergence, and bad input answered with a 4xx and a diagnosis, nothing changed.
 */
class RecordsHttpIT {
    private static final String APP1 = "http://www.example.com/sdata/myApp1/myContract/-/accounts";
    private static final String APP2 = "http://www.example.com/sdata/myApp2/myContract/-/accounts";
    private static final String APP3 = "http://www.example.com/sdata/sageApp3/test/-/accounts";
    private static final String TOKEN = "s3cret";
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> open = new java.util.ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** Serves {@code collection} as {@code accounts} on a node of its own; returns the collection's URL. */
    private URI serve(String name, RecordCollection collection) {
        Node node = Node.builder(name).datadir(dir.resolve(name)).storeKind(StoreKind.MEMORY)
                .service(RecordsService.factory(new RecordsConfig(TOKEN, 10, 64 * 1024, 8),
                        Map.of("accounts", collection))).build();
        open.add(node);
        HttpApi api = HttpApi.start(node, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        open.add(0, api);
        return URI.create("http://127.0.0.1:" + api.port() + "/records/accounts");
    }

    private static Instant t(String s) {
        return Instant.parse(s);
    }

    private static Payload account(String name) {
        return Payload.of("account", Map.of("name", name));
    }

    @Test
    void theCatchUpWalkthroughEndToEnd() throws Exception {
        InMemoryRecordStore source = new InMemoryRecordStore(APP1, 2);
        source.commit(List.of(
                Record.live("74926A0D-D2C0-4daa-9986-47C833691569", SyncState.of(APP1, 5, t("2008-10-30T14:55:43.281Z")),
                        account("Natural Goods Ltd.")),
                Record.live("C4411795-9943-4cf4-8705-51A74C9F0ACC", SyncState.of(APP3, 8, t("2008-10-30T13:27:19.207Z")),
                        account("Chemical Brothers Inc."))),
                Digest.of(APP1, List.of(new DigestEntry(APP1, 6, t("2008-10-30T17:23:08Z"), 2),
                        new DigestEntry(APP2, 10, t("2008-10-30T12:16:51Z"), 1),
                        new DigestEntry(APP3, 10, t("2008-10-30T16:47:03Z"), 3))));
        InMemoryRecordStore target = new InMemoryRecordStore(APP2, 1);
        target.commit(List.of(Record.live("C4411795-9943-4cf4-8705-51A74C9F0ACC", SyncState.of(APP3, 7, null),
                account("old name"))), Digest.of(APP2, List.of(new DigestEntry(APP1, 5, null, 2),
                        new DigestEntry(APP2, 11, null, 1), new DigestEntry(APP3, 8, null, 3))));
        URI s = serve("myApp1", new RecordCollection(source, Clock.systemUTC()));
        URI tg = serve("myApp2", new RecordCollection(target, Clock.systemUTC()));

        // the specification's walkthrough in the specification's representation
        HttpSyncPass.Summary summary = new HttpSyncPass(http, s, tg, TOKEN).with(HttpSyncPass.Wire.ATOM)
                .run("Full CRM to ERP", "2009-10-14T08:51:02");
        assertThat(summary.json()).isFalse();

        assertThat(summary.pages()).isEqualTo(1);
        assertThat(summary.entries()).isEqualTo(2);
        assertThat(summary.applied()).isEqualTo(2);
        assertThat(target.digest().tick(APP1)).isEqualTo(6);
        assertThat(target.digest().tick(APP2)).isEqualTo(11);
        assertThat(target.digest().tick(APP3)).isEqualTo(10);
        assertThat(target.get("C4411795-9943-4cf4-8705-51A74C9F0ACC").orElseThrow().payload())
                .isEqualTo(account("Chemical Brothers Inc."));
        HttpSyncPass.Summary again = new HttpSyncPass(http, s, tg, TOKEN).run("second", "2009-10-14T09:00:00");
        assertThat(again.entries()).as("in sync: nothing sent").isZero();
    }

    @Test
    void theImmediatePushOfTheWalkthroughIsAppliedWithoutTheEndOfFeedMax() throws Exception {
        InMemoryRecordStore target = new InMemoryRecordStore(APP2, 1);
        target.commit(List.of(Record.live("C4411795-9943-4cf4-8705-51A74C9F0ACC",
                SyncState.of(APP3, 8, t("2008-10-30T13:27:19.207Z")), account("Chemical Brothers Inc."))),
                Digest.of(APP2, List.of(new DigestEntry(APP1, 6, null, 2), new DigestEntry(APP2, 11, null, 1),
                        new DigestEntry(APP3, 10, null, 3))));
        URI u = serve("myApp2", new RecordCollection(target, Clock.systemUTC()));
        String push;
        try (java.io.InputStream in = getClass().getResourceAsStream("/sdata/lenient/immediate-as-printed.xml")) {
            push = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        HttpResponse<String> r = send("POST", URI.create(u + "/$syncTarget?runName=Full%20CRM%20to%20ERP"
                + "&runStamp=2009-10-14T08:51:02"), push, true);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("<http:httpMethod>PUT</http:httpMethod>");
        assertThat(List.of(target.digest().tick(APP1), target.digest().tick(APP2), target.digest().tick(APP3)))
                .containsExactly(7L, 11L, 10L);
    }

    @Test
    void twoWayPassesOverHttpConvergeOnManyPages() throws Exception {
        RecordCollection a = new RecordCollection(new InMemoryRecordStore("urn:a", 1), Clock.systemUTC());
        RecordCollection b = new RecordCollection(new InMemoryRecordStore("urn:b", 2), Clock.systemUTC());
        for (int i = 0; i < 45; i++) {
            a.put("a" + i, account("a" + i));
            b.put("b" + i, account("b" + i));
        }
        a.put("both", account("from a"));
        b.put("both", account("from b"));
        URI ua = serve("a", a);
        URI ub = serve("b", b);

        HttpSyncPass.Summary ab = new HttpSyncPass(http, ua, ub, TOKEN).run("a to b", "2026-01-01T00:00:00");
        HttpSyncPass.Summary ba = new HttpSyncPass(http, ub, ua, TOKEN).run("b to a", "2026-01-01T00:00:00");

        assertThat(ab.json()).as("two Tributary endpoints move pages in JSON").isTrue();
        assertThat(ab.pages()).isEqualTo(5);
        assertThat(ab.conflicts()).isEqualTo(1);
        assertThat(a.digest().sameTicks(b.digest())).isTrue();
        assertThat(a.get("both")).isEqualTo(b.get("both"));
        assertThat(a.get("both").orElseThrow().payload()).as("priority 1 wins").isEqualTo(account("from a"));
        assertThat(a.store().size()).isEqualTo(91).isEqualTo(b.store().size());
        assertThat(ba.entries()).as("b sends only its own changes back").isEqualTo(45);
    }

    private HttpResponse<String> send(String method, URI uri, String body, boolean withToken) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).header("Content-Type", "application/atom+xml");
        if (withToken) {
            r.header("Authorization", "Bearer " + TOKEN);
        }
        r.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> r, int status, String... words) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).contains("<sdata:diagnosis>").contains(words);
        // the SData code agrees with the status: one of the specification's codes, a not-found one only for 404
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("<sdata:sdataCode>(\\w+)</sdata:sdataCode>")
                .matcher(r.body());
        assertThat(code.find()).as(r.body()).isTrue();
        assertThat(code.group(1)).as(r.body()).isIn(status == 404 ? List.of("ResourceKindNotFound", "ApplicationDiagnosis")
                : status == 400 ? List.of("BadQueryParameter", "ApplicationDiagnosis") : List.of("ApplicationDiagnosis"));
    }

    private static void assertCodes(HttpResponse<String> r, String sdataCode, String applicationCode) {
        assertThat(r.body()).as(r.body()).contains("<sdata:sdataCode>" + sdataCode + "</sdata:sdataCode>")
                .contains("<sdata:applicationCode>" + applicationCode + "</sdata:applicationCode>");
    }

    @Test
    void theCollectionsOwnUrlDescribesIt() throws Exception {
        RecordCollection c = new RecordCollection(new InMemoryRecordStore("urn:t", 1), Clock.systemUTC());
        c.put("x", account("x"));
        c.put("y", account("y"));
        c.delete("y");
        URI u = serve("t", c);

        for (URI asked : List.of(u, URI.create(u + "/"))) {
            HttpResponse<String> r = send("GET", asked, null, false);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200); // was 404: no route GET /records/accounts
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            com.fasterxml.jackson.databind.JsonNode d = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
            assertThat(d.get("collection").asText()).isEqualTo("accounts");
            assertThat(d.get("endpoint").asText()).isEqualTo("urn:t");
            assertThat(d.get("key").asText()).isEqualTo("sdata:uuid");
            assertThat(d.get("records").asLong()).isEqualTo(1);
            assertThat(d.get("links").get("syncDigest").asText()).isEqualTo(u + "/$syncDigest");
            assertThat(d.get("links").get("syncSource").asText()).isEqualTo(u + "/$syncSource");
            assertThat(d.get("links").get("syncTarget").asText()).isEqualTo(u + "/$syncTarget");
            assertThat(send("GET", URI.create(d.get("links").get("syncDigest").asText()), null, false).statusCode())
                    .isEqualTo(200);
        }
        // a collection the node does not serve is named as such, as under it
        HttpResponse<String> other = send("GET", URI.create(u.toString().replace("/accounts", "/acounts")), null, false);
        assertRefused(other, 404, "no record collection 'acounts' here; the collection is accounts");
    }

    @Test
    void badInputGetsA4xxWithADiagnosisAndChangesNothing() throws Exception {
        RecordCollection c = new RecordCollection(new InMemoryRecordStore("urn:t", 1), Clock.systemUTC());
        c.put("x", account("x"));
        Digest before = c.digest();
        URI u = serve("t", c);
        String feedHead = "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:sync='http://schemas.sage.com/sdata/sync/2008/1'"
                + " xmlns:sdata='http://schemas.sage.com/sdata/2008/1'><sync:syncMode>MODE</sync:syncMode><sync:digest>"
                + "<sync:digestEntry><sync:endpoint>urn:s</sync:endpoint><sync:tick>DTICK</sync:tick></sync:digestEntry>"
                + "</sync:digest><entry><sync:syncState><sync:endpoint>urn:s</sync:endpoint><sync:tick>TICK</sync:tick>"
                + "</sync:syncState><sdata:payload><account sdata:uuid='x'><name>y</name></account></sdata:payload>"
                + "</entry></feed>";
        URI target = URI.create(u + "/$syncTarget");

        assertRefused(send("POST", target, "<feed><entry>", true), 400, "found element feed in no namespace");
        HttpResponse<String> notXml = send("POST", target, "<feed xmlns='http://www.w3.org/2005/Atom'><title>t</feed>", true);
        assertRefused(notXml, 400, "not well-formed XML at line 1, column ", "where &lt;/title> was expected");
        assertThat(notXml.body()).doesNotContain("Unexpected close tag", "row,col", "unknown-source");
        HttpResponse<String> badTag = send("POST", target, "<feed xmlns='http://www.w3.org/2005/Atom'><<", true);
        assertRefused(badTag, 400, "not well-formed XML at line 1, column 44: '&lt;' cannot follow '&lt;' (a malformed start tag)");
        assertThat(badTag.body()).doesNotContain("(code 60)", "row,col");
        assertRefused(send("POST", URI.create(u + "/$syncSource"), "<entry xmlns='http://www.w3.org/2005/Atom'/>", true),
                400, "no sdata:payload with a sync:digest");
        assertRefused(send("POST", target, feedHead.replace("MODE", "immediate").replace("DTICK", "9")
                .replace("TICK", "4"), true), 400, "gap in an immediate feed");
        assertRefused(send("POST", target, feedHead.replace("MODE", "catchUp").replace("DTICK", "3")
                .replace("TICK", "4"), true), 400, "does not cover entry 1");
        assertRefused(send("GET", URI.create(u + "/$syncTarget('nope')"), null, true), 404, "no results nope");
        assertCodes(send("GET", URI.create(u + "/$syncTarget('nope')"), null, true), "ApplicationDiagnosis",
                "unknownTrackingId");
        assertCodes(send("GET", URI.create(u + "/$bogus"), null, true), "ApplicationDiagnosis", "unknownOperation");
        assertCodes(send("POST", target, "<feed><entry>", true), "ApplicationDiagnosis", "malformedFeed");
        assertRefused(send("DELETE", URI.create(u + "/$syncSource('nope')"), null, true), 404, "no context nope");
        assertRefused(send("POST", target, "<x/>".repeat(20_000), true), 413, "at most 65536");
        assertRefused(send("POST", target, feedHead.replace("MODE", "catchUp").replace("DTICK", "9")
                .replace("TICK", "4"), false), 401, "Authorization: Bearer");
        assertRefused(send("GET", URI.create(u + "/$syncNothing"), null, true), 404, "$syncDigest");
        assertRefused(send("POST", target, "", true), 400, "the request has no body");
        assertRefused(send("GET", URI.create(u + "/$syncDigest?format=abc"), null, true), 400,
                "format must name json or atom (e.g. ?format=json or ?format=application/atom+xml), not 'abc'");
        assertCodes(send("GET", URI.create(u + "/$syncDigest?format=abc"), null, true), "BadQueryParameter", "badFormat");
        assertThat(send("GET", URI.create(u + "/$syncDigest?format=atom"), null, true).statusCode()).isEqualTo(200);
        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(target).header("Content-Type", "text/plain")
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString("<feed/>")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertRefused(plain, 415, "the body must be Atom XML (Content-Type: application/atom+xml or application/xml)"
                + " or JSON (Content-Type: application/json), not text/plain");

        HttpResponse<String> started = send("POST", URI.create(u + "/$syncSource?trackingID=abc-1&runName=r1&runStamp=s1"),
                "<entry xmlns='http://www.w3.org/2005/Atom' xmlns:sync='http://schemas.sage.com/sdata/sync/2008/1' "
                        + "xmlns:sdata='http://schemas.sage.com/sdata/2008/1'><sdata:payload><sync:digest><sync:digestEntry>"
                        + "<sync:endpoint>urn:t</sync:endpoint><sync:tick>0</sync:tick></sync:digestEntry></sync:digest>"
                        + "</sdata:payload></entry>", true);
        assertThat(started.statusCode()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        assertThat(location).endsWith("/$syncSource('abc-1')");
        assertRefused(send("GET", URI.create(location + "?runName=r2"), null, true), 400, "belongs to run 'r1'");
        assertCodes(send("GET", URI.create(location + "?runName=r2"), null, true), "BadQueryParameter", "otherRun");
        assertThat(send("GET", URI.create(location), null, true).statusCode()).isEqualTo(200);

        assertThat(c.digest()).isEqualTo(before);
        assertThat(c.get("x").orElseThrow().payload()).isEqualTo(account("x"));
    }

    /** A method a resource does not take: 405 naming the methods it takes, in the body and in {@code Allow}. */
    @Test
    void aMethodTheResourceDoesNotTakeIsAnswered405WithTheMethodsItTakes() throws Exception {
        URI u = serve("m", new RecordCollection(new InMemoryRecordStore("urn:m", 1), Clock.systemUTC()));
        record Case(String method, String op, String allow, String says) {
        }
        for (Case c : List.of(
                new Case("PUT", "$syncDigest", "GET", "PUT is not allowed on $syncDigest; it takes GET"),
                new Case("PATCH", "$syncDigest", "GET", "PATCH is not allowed on $syncDigest; it takes GET"),
                new Case("DELETE", "$syncDigest", "GET", "DELETE is not allowed on $syncDigest; it takes GET"),
                new Case("POST", "$syncDigest", "GET", "POST is not allowed on $syncDigest; it takes GET"),
                new Case("GET", "$syncTarget", "POST", "GET is not allowed on $syncTarget; it takes POST (GET and"
                        + " DELETE go to a context, $syncTarget('ID'))"),
                new Case("DELETE", "$syncSource", "POST", "DELETE is not allowed on $syncSource; it takes POST"),
                new Case("POST", "$syncSource('a1')", "GET, DELETE", "POST is not allowed on $syncSource('a1'); it"
                        + " takes GET or DELETE (POST goes to $syncSource)"),
                new Case("GET", "$syncVerify", "POST", "GET is not allowed on $syncVerify; it takes POST"),
                new Case("PUT", "$syncResults", "POST", "PUT is not allowed on $syncResults; it takes POST"))) {
            HttpResponse<String> r = send(c.method(), URI.create(u + "/" + c.op()), c.method().equals("POST")
                    ? "<x/>" : null, true);
            assertRefused(r, 405, c.says());
            assertThat(r.headers().firstValue("Allow")).as("%s %s", c.method(), c.op()).hasValue(c.allow());
        }
        // a collection this node does not serve: one line naming it and those it serves
        URI unknown = URI.create(u.toString().replace("/records/accounts", "/records/acounts") + "/$syncDigest");
        assertRefused(send("GET", unknown, null, true), 404, "no record collection 'acounts' here; the collection is"
                + " accounts</sdata:message>");
        assertThat(send("GET", unknown, null, true).body()).doesNotContain("routes");
        assertRefused(send("POST", unknown, "<x/>", true), 404, "no record collection 'acounts' here");
        assertCodes(send("GET", unknown, null, true), "ResourceKindNotFound", "unknownCollection");
        // a method no route of the path takes: the server's answer, with the methods of the path's routes
        HttpResponse<String> options = send("OPTIONS", URI.create(u + "/$syncDigest"), null, true);
        assertThat(options.statusCode()).isEqualTo(405);
        assertThat(options.body()).contains("OPTIONS is not allowed on /records/accounts/$syncDigest; it takes GET,"
                + " POST or DELETE");
        assertThat(options.headers().firstValue("Allow")).hasValue("GET, POST, DELETE");
    }

    @Test
    void theEmbeddedDefaultKeepsCollectionsInSqliteUnderTheDataDirectory() throws Exception {
        Node node = Node.builder("sq").datadir(dir.resolve("sq")).storeKind(StoreKind.MEMORY)
                .service(RecordsService.sqlite(new RecordsConfig(TOKEN, 10, 64 * 1024, 8), Map.of("accounts", "urn:sq"), 1))
                .build();
        open.add(node);
        HttpApi api = HttpApi.start(node, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        open.add(0, api);
        URI sq = URI.create("http://127.0.0.1:" + api.port() + "/records/accounts");
        RecordCollection mem = new RecordCollection(new InMemoryRecordStore("urn:mem", 2), Clock.systemUTC());
        mem.put("k", account("K"));
        URI m = serve("mem", mem);

        new HttpSyncPass(http, m, sq, TOKEN).run("mem to sqlite", "2026-01-01T00:00:00");

        assertThat(java.nio.file.Files.exists(dir.resolve("sq").resolve("records.db"))).isTrue();
        assertThat(send("GET", URI.create(sq + "/$syncDigest"), null, false).body())
                .contains("<sync:endpoint>urn:mem</sync:endpoint>\n        <sync:tick>1</sync:tick>");
    }

    @Test
    void jsonIsChosenByAcceptOrContentType() throws Exception {
        RecordCollection c = new RecordCollection(new InMemoryRecordStore("urn:t", 1), Clock.systemUTC());
        URI u = serve("t", c);
        HttpResponse<String> digest = http.send(HttpRequest.newBuilder(URI.create(u + "/$syncDigest"))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(digest.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(digest.body()).contains("\"$digest\"", "\"endpoint\" : \"urn:t\"");

        String feed = "{\"$syncMode\": \"catchUp\", \"$digest\": {\"digestEntry\": [{\"endpoint\": \"urn:s\","
                + " \"tick\": 3, \"conflictPriority\": 2}]}, \"$resourceKind\": \"account\", \"$resources\": [{\"$uuid\":"
                + " \"j1\", \"$syncState\": {\"endpoint\": \"urn:s\", \"tick\": 2}, \"$properties\": {\"name\": \"J\"}}]}";
        HttpResponse<String> applied = http.send(HttpRequest.newBuilder(URI.create(u + "/$syncTarget"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(feed)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(applied.body()).contains("\"$httpMethod\":\"POST\"");
        assertThat(c.get("j1").orElseThrow().payload()).isEqualTo(account("J"));
        assertThat(c.digest().tick("urn:s")).isEqualTo(3);

        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(u + "/$syncTarget?format=json"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString("{oops"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"$diagnoses\"", "not JSON");
    }

    /**
     * A target tells what it still lacks of the source that sends it pages, in ticks as the source's selection
     * counts them (a digest holds the next tick of each endpoint; one the target does not know counts as 0): the
     * source's digest is at 5 for urn:s and 2 for urn:r; after the first page (urn:s's changes at ticks 1 and 2, so
     * the target's urn:s is at 3), 2 + 2 = 4; after the last page, none. The status and
     * {@code tributary_records_changes_missing} say the same.
     */
    @Test
    void aTargetTellsTheChangesOfItsSourceItStillLacks() throws Exception {
        RecordCollection c = new RecordCollection(new InMemoryRecordStore("urn:t", 1), Clock.systemUTC());
        URI u = serve("t", c);
        URI base = URI.create(u.toString().replace("/records/accounts", ""));
        String digest = "\"$digest\": {\"digestEntry\": [{\"endpoint\": \"urn:s\", \"tick\": 5, \"conflictPriority\": 2},"
                + " {\"endpoint\": \"urn:r\", \"tick\": 2, \"conflictPriority\": 3}]}";
        String first = "{\"$syncMode\": \"catchUp\", " + digest + ", \"$links\": [{\"$rel\": \"next\", \"$href\":"
                + " \"http://source.example/records/accounts/$syncSource('x')?cursor=1\"}], \"$resourceKind\": \"account\","
                + " \"$resources\": [" + resource("a", "urn:s", 1) + ", " + resource("b", "urn:s", 2) + "]}";
        assertThat(postJson(URI.create(u + "/$syncTarget"), first).statusCode()).isEqualTo(200);
        assertThat(missing(base)).as("status and metric after the first page").containsExactly(4L, 4L);

        String last = "{\"$syncMode\": \"catchUp\", " + digest + ", \"$resourceKind\": \"account\", \"$resources\": ["
                + resource("c", "urn:s", 3) + ", " + resource("d", "urn:s", 4) + ", " + resource("e", "urn:r", 1) + "]}";
        assertThat(postJson(URI.create(u + "/$syncTarget"), last).statusCode()).isEqualTo(200);
        assertThat(missing(base)).as("status and metric after the last page").containsExactly(0L, 0L);
        assertThat(c.digest().tick("urn:s")).isEqualTo(5);
    }

    private static String resource(String uuid, String endpoint, long tick) {
        return "{\"$uuid\": \"" + uuid + "\", \"$syncState\": {\"endpoint\": \"" + endpoint + "\", \"tick\": " + tick
                + "}, \"$properties\": {\"name\": \"" + uuid + "\"}}";
    }

    private HttpResponse<String> postJson(URI uri, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    /** The collection's {@code missing} in GET /status and its {@code tributary_records_changes_missing}. */
    private List<Long> missing(URI base) throws Exception {
        String status = http.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        long inStatus = new com.fasterxml.jackson.databind.ObjectMapper().readTree(status).path("services")
                .path("records").path("collections").path("accounts").path("missing").asLong(-1);
        String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?m)^tributary_records_changes_missing\\{collection=\"accounts\"} (\\S+)$").matcher(metrics);
        assertThat(m.find()).as("the metric in %s", metrics).isTrue();
        return List.of(inStatus, (long) Double.parseDouble(m.group(1)));
    }

    @Test
    void aRepeatedTargetPostWithTheSameTrackingIdAppliesNothingTwice() throws Exception {
        RecordCollection c = new RecordCollection(new InMemoryRecordStore("urn:t", 1), Clock.systemUTC());
        URI u = serve("t", c);
        String feed = "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:sync='http://schemas.sage.com/sdata/sync/2008/1'"
                + " xmlns:sdata='http://schemas.sage.com/sdata/2008/1'><sync:syncMode>catchUp</sync:syncMode><sync:digest>"
                + "<sync:digestEntry><sync:endpoint>urn:s</sync:endpoint><sync:tick>5</sync:tick></sync:digestEntry>"
                + "</sync:digest><entry><sync:syncState><sync:endpoint>urn:s</sync:endpoint><sync:tick>4</sync:tick>"
                + "</sync:syncState><sdata:payload><account sdata:uuid='x'><name>y</name></account></sdata:payload>"
                + "</entry></feed>";
        URI post = URI.create(u + "/$syncTarget?trackingId=T-1");

        HttpResponse<String> first = send("POST", post, feed, true);
        c.put("x", account("changed here after"));
        HttpResponse<String> second = send("POST", post, feed, true);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(c.get("x").orElseThrow().payload()).isEqualTo(account("changed here after"));
        HttpResponse<String> results = send("GET", URI.create(second.headers().firstValue("Location").orElseThrow()),
                null, true);
        assertThat(results.body()).contains("<http:httpMethod>POST</http:httpMethod>");
        assertThat(send("DELETE", URI.create(first.headers().firstValue("Location").orElseThrow()), null, true)
                .statusCode()).isEqualTo(200);
    }

    /**
     * A POST with a trackingID and {@code Prefer: return=representation} is answered 200 with its results (no GET or
     * DELETE needed) and still applies nothing twice: repeated, it answers the same results while they are kept (the
     * last {@link RecordsRoutes#KEPT_RESULTS} pages so answered), then 410, never applying the page again.
     */
    @Test
    void aTargetPostPreferringItsResultsGetsThemAtOnceAndStillAppliesNothingTwice() throws Exception {
        RecordCollection c = new RecordCollection(new InMemoryRecordStore("urn:t", 1), Clock.systemUTC());
        URI u = serve("t", c);
        java.util.function.IntFunction<String> feed = tick -> "<feed xmlns='http://www.w3.org/2005/Atom'"
                + " xmlns:sync='http://schemas.sage.com/sdata/sync/2008/1' xmlns:sdata='http://schemas.sage.com/sdata/2008/1'>"
                + "<sync:syncMode>catchUp</sync:syncMode><sync:digest><sync:digestEntry><sync:endpoint>urn:s</sync:endpoint>"
                + "<sync:tick>20</sync:tick></sync:digestEntry></sync:digest><entry><sync:syncState><sync:endpoint>urn:s"
                + "</sync:endpoint><sync:tick>" + tick + "</sync:tick></sync:syncState><sdata:payload><account"
                + " sdata:uuid='x" + tick + "'><name>y</name></account></sdata:payload></entry></feed>";

        HttpResponse<String> first = prefersResults(URI.create(u + "/$syncTarget?trackingID=P-1"), feed.apply(1));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.headers().firstValue("Preference-Applied")).contains("return=representation");
        assertThat(first.headers().firstValue("Location")).isEmpty();
        assertThat(first.body()).contains("<http:httpMethod>POST</http:httpMethod>");
        c.put("x1", account("changed here after"));

        HttpResponse<String> again = prefersResults(URI.create(u + "/$syncTarget?trackingID=P-1"), feed.apply(1));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("<http:httpMethod>POST</http:httpMethod>");
        for (int tick = 2; tick <= 1 + RecordsRoutes.KEPT_RESULTS; tick++) {
            assertThat(prefersResults(URI.create(u + "/$syncTarget?trackingID=P-" + tick), feed.apply(tick))
                    .statusCode()).isEqualTo(200);
        }
        assertRefused(prefersResults(URI.create(u + "/$syncTarget?trackingID=P-1"), feed.apply(1)), 410,
                "trackingID P-1 was applied", "not applied again");
        assertThat(c.get("x1").orElseThrow().payload()).isEqualTo(account("changed here after"));
    }

    private HttpResponse<String> prefersResults(URI uri, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/atom+xml")
                .header("Authorization", "Bearer " + TOKEN).header("Prefer", "return=representation")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
