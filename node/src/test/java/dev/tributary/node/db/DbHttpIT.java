package dev.tributary.node.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.node.dag.DagService;
import dev.tributary.node.http.HttpApi;
import dev.tributary.oplog.identity.LocalIdentity;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database routes on a running node (loopback, port 0, RocksDB): create, write, read, list, query, watch; every
 * bad input answered with its status and a clear error, and nothing changed by it.
 */
class DbHttpIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Node node;
    private HttpApi api;
    private String base;

    @TempDir
    Path dir;

    record Reply(int status, JsonNode body) {
        String error() {
            return body.path("error").asText();
        }
    }

    @BeforeEach
    void start() {
        node = Node.builder(dir.resolve("n")).service(DagService.factory()).service(DbService.factory()).build();
        api = HttpApi.start(node, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        base = "http://127.0.0.1:" + api.port() + "/db";
    }

    @AfterEach
    void stop() {
        api.close();
        node.close();
    }

    private Reply get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private Reply post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Reply send(HttpRequest.Builder r) throws Exception {
        HttpResponse<String> res = http.send(r.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(res.statusCode(), JSON.readTree(res.body().isEmpty() ? "null" : res.body()));
    }

    @Test
    void keyValueDatabaseThroughTheRoutes() throws Exception {
        Reply created = post("/databases", "{\"name\": \"settings\", \"type\": \"keyvalue\"}");
        assertThat(created.status()).isEqualTo(201);
        String address = created.body().get("address").asText();
        assertThat(address).startsWith("/orbitdb/zdpu");
        assertThat(created.body().get("canWrite").asBoolean()).isTrue();
        assertThat(post("/databases", "{\"name\": \"settings\", \"type\": \"keyvalue\"}").status()).isEqualTo(200);

        assertThat(post("/databases/settings/put", "{\"key\": \"colour\", \"value\": {\"rgb\": [0, 0, 255]}}").status())
                .isEqualTo(200);
        assertThat(post("/databases/settings/put", "{\"key\": \"size\", \"value\": 12}").status()).isEqualTo(200);
        assertThat(post("/databases/settings/del", "{\"key\": \"size\"}").status()).isEqualTo(200);

        String cid = address.substring("/orbitdb/".length());
        assertThat(get("/databases/" + cid + "/get?key=colour").body().get("value"))
                .isEqualTo(JSON.readTree("{\"rgb\": [0, 0, 255]}"));
        assertThat(get("/databases/settings/get?key=size").status()).isEqualTo(404);
        Reply info = get("/databases/settings");
        assertThat(info.body().get("entries").asLong()).isEqualTo(3);
        assertThat(info.body().get("heads")).hasSize(1);
        assertThat(get("/databases/settings/entries").body()).hasSize(1);
        Reply list = get("/databases");
        assertThat(list.body()).hasSize(1);
        assertThat(list.body().get(0).get("address").asText()).isEqualTo(address);
        var db = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base.replace("/db", "") + "/status"))
                .build(), HttpResponse.BodyHandlers.ofString()).body()).path("services").path("db");
        assertThat(db.path("databases").asInt()).isEqualTo(1);
        assertThat(db.path("list")).singleElement().satisfies(d -> {
            assertThat(d.get("address").asText()).isEqualTo(address);
            assertThat(d.get("name").asText()).isEqualTo("settings");
            assertThat(d.get("entries").asLong()).isEqualTo(3);
            assertThat(d.get("peers")).isEmpty();
        });
    }

    @Test
    void eventsAndDocuments() throws Exception {
        post("/databases", "{\"name\": \"log\", \"type\": \"events\"}");
        String first = post("/databases/log/add", "{\"value\": \"one\"}").body().get("hash").asText();
        post("/databases/log/add", "{\"value\": \"two\"}");
        post("/databases/log/add", "{\"value\": \"three\"}");
        JsonNode newest = get("/databases/log/entries?limit=2").body();
        assertThat(newest).hasSize(2);
        assertThat(newest.get(0).get("value").asText()).isEqualTo("three");
        assertThat(get("/databases/log/entries?gt=" + first).body()).hasSize(2);
        assertThat(get("/databases/log/get?key=" + first).body().get("value").asText()).isEqualTo("one");

        assertThat(post("/databases", "{\"name\": \"people\", \"type\": \"documents\", \"indexBy\": \"name\"}").status())
                .isEqualTo(201);
        post("/databases/people/put", "{\"value\": {\"name\": \"ada\", \"city\": \"london\"}}");
        post("/databases/people/put", "{\"value\": {\"name\": \"alan\", \"city\": \"london\"}}");
        post("/databases/people/put", "{\"value\": {\"name\": \"grace\", \"city\": \"new york\"}}");
        assertThat(post("/databases/people/query", "{\"field\": \"city\", \"value\": \"london\"}").body()).hasSize(2);
        assertRefused(post("/databases/people/query", "{\"field\": \"city\", \"value\": \"london\", \"limit\": 0}"),
                400, "limit must be from 1 to 10000, not 0");
        assertThat(get("/databases/people/get?key=grace").body().path("value").path("city").asText())
                .isEqualTo("new york");
        assertThat(post("/databases/people/del", "{\"key\": \"ada\"}").status()).isEqualTo(200);
        assertThat(get("/databases/people/get?key=ada").status()).isEqualTo(404);
        // a key left out is said as such, with where it goes (it was "a key is a non-empty text")
        assertRefused(get("/databases/people/get"), 400, "no key given (GET .../get takes it as ?key=K");
        assertRefused(get("/databases/people/get?key="), 400, "the key is empty");
        assertThat(get("/databases/people").body().get("indexBy").asText()).isEqualTo("name");
        // a body of the wrong form is told the form a documents database takes, not keyvalue's
        assertRefused(post("/databases/people/put", ""), 400,
                "the request needs a JSON body {\"value\": {document, its key in field 'name'}}");
        assertRefused(post("/databases/people/put", "{\"value\": {\"name\": \"x\"}, \"id\": 1}"), 400,
                "unknown field \"id\"; the body is {\"value\": {document, its key in field 'name'}}");
    }

    @Test
    void everyBadInputIsRefusedAndChangesNothing() throws Exception {
        post("/databases", "{\"name\": \"kv\", \"type\": \"keyvalue\"}");
        post("/databases", "{\"name\": \"ev\", \"type\": \"events\"}");
        String other = LocalIdentity.create("other", new SecureRandom()).identity().id();
        post("/databases", "{\"name\": \"theirs\", \"type\": \"keyvalue\", \"write\": [\"" + other + "\"]}");
        long before = entries();

        assertRefused(post("/databases", "{\"name\": \"x\", \"type\": \"graph\"}"), 400, "unknown database type 'graph'");
        assertRefused(post("/databases", "{\"name\": \"x\"}"), 400, "needs a type");
        assertRefused(post("/databases", "{\"name\": \"x\", \"type\": \"keyvalue\", \"write\": [\"xyz\"]}"), 400,
                "a writer is an identity id (66 lowercase hex digits");
        assertRefused(post("/databases", "{\"name\": \"/orbitdb/nope\"}"), 400, "not an OrbitDB address");
        assertRefused(post("/databases", "{\"name\": \"/orbitdb/zdpuAkstgbTVGHQmMi5TC84auhJ8rL5qoaNEtXo2d5PHXs2To\"}"),
                404, "and no peer is connected: connect this node to one that holds it");
        assertRefused(get("/databases/nothere"), 404, "no database named 'nothere'");
        assertRefused(post("/databases/kv/put", "{\"key\": \"a\", \"value\": 1.5}"), 400, "no floats");
        assertRefused(post("/databases/kv/put", "{\"key\": \"a\", \"value\": "), 400, "not JSON");
        assertRefused(post("/databases/kv/put", "{\"key\": \"a\", \"value\": 1, \"extra\": 2}"), 400, "unknown field");
        assertRefused(post("/databases/kv/put", "{\"key\": \"a\"}"), 400, "needs a \"value\"");
        assertRefused(post("/databases/kv/put", "{\"key\": \"a\", \"value\": \"" + "x".repeat(1_100_000) + "\"}"),
                413, "an entry holds at most");
        assertRefused(post("/databases/kv/add", "{\"value\": 1}"), 409, "not add");
        assertRefused(post("/databases/ev/put", "{\"key\": \"a\", \"value\": 1}"), 409, "not put");
        assertRefused(post("/databases/theirs/put", "{\"key\": \"a\", \"value\": 1}"), 403, "may not write");
        assertRefused(get("/databases/ev/entries?gt=zdpuNope"), 400, "hash of an entry");
        assertRefused(get("/databases/ev/entries?limit=0"), 400, "limit must be from 1 to 10000, not 0");
        assertRefused(get("/databases/ev/entries?limit=1.5"), 400, "limit must be a whole number from 1 to 10000, not '1.5'");
        assertRefused(get("/databases/kv/query"), 405, "");

        assertThat(entries()).isEqualTo(before);
        assertThat(get("/databases").body()).hasSize(3);
    }

    private long entries() throws Exception {
        long n = 0;
        for (JsonNode d : get("/databases").body()) {
            n += d.get("entries").asLong();
        }
        return n;
    }

    private static void assertRefused(Reply r, int status, String message) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.error()).as(r.toString()).contains(message);
    }

    @Test
    void watchStreamsEachEntryAsItIsApplied() throws Exception {
        post("/databases", "{\"name\": \"feed\", \"type\": \"events\"}");
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(base + "/databases/feed/watch"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(JSON.readTree(lines.readLine()).has("watching")).isTrue();
            String hash = post("/databases/feed/add", "{\"value\": {\"n\": 1}}").body().get("hash").asText();
            String line = lines.readLine();
            while (line.isEmpty()) {
                line = lines.readLine();
            }
            JsonNode update = JSON.readTree(line);
            assertThat(update.get("hash").asText()).isEqualTo(hash);
            assertThat(update.get("local").asBoolean()).isTrue();
            assertThat(update.at("/payload/value/n").asLong()).isEqualTo(1);
        }
    }

    /**
     * Stopping the HTTP API ends an open watch stream itself, cleanly (the stream's end, which {@code db watch} reads
     * as the node having stopped), before it waits for the requests in progress: it was cut only once the server's
     * threads were interrupted, about 2.5 s into the stop, and the client read a broken stream.
     */
    @Test
    void stoppingTheApiEndsAWatchStreamCleanly() throws Exception {
        post("/databases", "{\"name\": \"feed\", \"type\": \"events\"}");
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(base + "/databases/feed/watch"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(JSON.readTree(lines.readLine()).has("watching")).isTrue();
            long start = System.nanoTime();
            api.close();
            System.out.printf("api closed in %d ms with a watch stream open%n", (System.nanoTime() - start) / 1_000_000);
            String line = lines.readLine();
            while (line != null && line.isEmpty()) {
                line = lines.readLine();
            }
            assertThat(line).as("the stream's end").isNull();
        }
    }
}
