package dev.tributary.node.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.node.Node;
import dev.tributary.node.http.HttpApi;
import dev.tributary.oplog.db.Events;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node started as {@code tributary node --db-connect A} builds it (the database service dialling A apart from any
 * chain peers) opens a database A holds by its address over its HTTP API, catches up, and receives A's later
 * writes live: two running nodes replicate without the library.
 */
class DbConnectIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void aNodeDiallingADatabasePeerOpensItsDatabaseByAddressAndFollowsItsWrites() throws Exception {
        try (DbNode a = DbNode.start(dir.resolve("a"), DbNode.identity("a"), List.of())) {
            Events notes = a.dbs.replicate(a.dbs.library().events("notes"));
            for (int i = 0; i < 300; i++) {
                notes.add("note " + i);
            }
            Node b = Node.builder(dir.resolve("b")).service(DbService.factory(List.of(a.address()))).build();
            HttpApi api = null;
            try {
                b.start();
                api = HttpApi.start(b, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                String base = "http://127.0.0.1:" + api.port() + "/db/databases";

                HttpResponse<String> opened = http.send(HttpRequest.newBuilder(URI.create(base))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + notes.address() + "\"}"))
                        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
                assertThat(JSON.readTree(opened.body()).path("type").asText()).isEqualTo("events");

                String info = base + "/" + java.net.URLEncoder.encode(notes.address(),
                        java.nio.charset.StandardCharsets.UTF_8);
                awaitEntries(info, 300);
                notes.add("live");
                awaitEntries(info, 301);
            } finally {
                if (api != null) {
                    api.close();
                }
                b.close();
            }
        }
    }

    private void awaitEntries(String info, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            JsonNode body = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(info)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            seen = body.path("entries").asLong();
            if (seen == expected) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        throw new AssertionError("the copy held " + seen + " entries, not " + expected + ", after 30 s");
    }
}
