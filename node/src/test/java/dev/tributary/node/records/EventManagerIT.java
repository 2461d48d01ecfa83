package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.node.http.HttpApi;
import dev.tributary.records.InMemoryRecordStore;
import dev.tributary.records.Payload;
import dev.tributary.records.RecordCollection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event manager over real HTTP: a two-way sync with a conflicting edit sends its diagnostics there; the run is
 * queryable with its conflict, the webhook receives an alert; a pass that fails (the target's token is wrong) is
 * reported as a failure and alerted too; bad reports get a 4xx.
 */
class EventManagerIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void conflictsAndFailuresAreKeptPerRunAndAlerted() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (Webhook hook = Webhook.start();
             RecordNodes nodes = new RecordNodes(dir);
             Node events = Node.builder("events").datadir(dir.resolve("events")).storeKind(StoreKind.MEMORY)
                     .service(EventsService.factory(hook.url(), 16))
                     .build();
             HttpApi api = HttpApi.start(events, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            URI eventsUrl = URI.create("http://127.0.0.1:" + api.port() + "/events/diagnostics");
            RecordCollection a = new RecordCollection(new InMemoryRecordStore("urn:a", 1), Clock.systemUTC());
            RecordCollection b = new RecordCollection(new InMemoryRecordStore("urn:b", 2), Clock.systemUTC());
            RecordsConfig config = new RecordsConfig("tok", 10, 1 << 20, 8);
            URI ua = nodes.serve("a", "accounts", a, config);
            URI ub = nodes.serve("b", "accounts", b, config);
            a.put("x", Payload.of("account", Map.of("name", "from a")));
            b.put("x", Payload.of("account", Map.of("name", "from b")));

            RecordsSync.Result r = RecordsSync.run(http, new RecordsSync.Options(ub, ua, eventsUrl, true, "nightly", "tok",
                    "tok"), (from, to) -> new HttpSyncPass.Listener() {
                    });
            assertThat(r.conflicts()).isEqualTo(1);

            JsonNode runs = get(http, "http://127.0.0.1:" + api.port() + "/events/runs").get("runs");
            assertThat(runs).isNotEmpty();
            JsonNode first = runs.get(0);
            assertThat(first.get("runName").asText()).isEqualTo("nightly");
            JsonNode run = get(http, "http://127.0.0.1:" + api.port() + "/events/run?runName=nightly&runStamp="
                    + URLEncoder.encode(first.get("runStamp").asText(), StandardCharsets.UTF_8));
            assertThat(run.get("conflicts").asInt()).isEqualTo(1);
            assertThat(run.get("diagnostics").get(0).get("uuid").asText()).isEqualTo("x");
            String alert = hook.next(Duration.ofSeconds(30));
            assertThat(alert).isNotNull().contains("\"alert\":\"conflict\"").contains("\"runName\":\"nightly\"");

            // a failed pass: the target refuses the engine's writes
            a.put("y", Payload.of("account", Map.of("name", "new")));
            assertThatThrownBy(() -> RecordsSync.run(http, new RecordsSync.Options(ua, ub, eventsUrl, false, "broken",
                    "tok", "wrong"), (from, to) -> new HttpSyncPass.Listener() {
                    })).isInstanceOf(IOException.class).hasMessageContaining("401");
            String failure = hook.next(Duration.ofSeconds(30));
            assertThat(failure).isNotNull().contains("\"alert\":\"failure\"").contains("\"runName\":\"broken\"");

            // bad reports
            assertThat(post(http, eventsUrl + "?runName=x&runStamp=y", "application/json", "[1,").statusCode())
                    .isEqualTo(400);
            assertThat(post(http, eventsUrl.toString(), "application/json", "{\"$diagnoses\":[]}").statusCode())
                    .isEqualTo(400);
            HttpResponse<String> plain = post(http, eventsUrl + "?runName=x&runStamp=y", "text/plain", "hello");
            assertThat(plain.statusCode()).isEqualTo(415);
            assertThat(plain.body()).contains("application/atom+xml or application/xml")
                    .contains("application/json").contains("not text/plain");
            HttpResponse<String> empty = post(http, eventsUrl + "?runName=x&runStamp=y", "application/json", "");
            assertThat(empty.statusCode()).isEqualTo(400);
            assertThat(empty.body()).contains("the request has no body");
            // curl -d sends JSON as a form unless told otherwise: read as what it is
            assertThat(post(http, eventsUrl + "?runName=curl&runStamp=y", "application/x-www-form-urlencoded",
                    "{\"$diagnoses\":[]}").statusCode()).isEqualTo(200);
            assertThat(post(http, eventsUrl + "?runName=x&runStamp=y", "application/atom+xml", "<feed").statusCode())
                    .isEqualTo(400);
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port()
                    + "/events/run?runName=none&runStamp=none")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(404);

            // the runs' query: a limit keeps the newest; a malformed or unknown parameter is refused, not ignored
            String base = "http://127.0.0.1:" + api.port() + "/events/";
            JsonNode all = get(http, base + "runs").get("runs");
            assertThat(all.size()).isGreaterThan(1);
            JsonNode newest = get(http, base + "runs?limit=1").get("runs");
            assertThat(newest.size()).isEqualTo(1);
            assertThat(newest.get(0)).isEqualTo(all.get(all.size() - 1));
            assertBad(http, base + "runs?limit=abc", "limit must be a whole number 1 or more, not 'abc'");
            assertBad(http, base + "runs?limit=0", "limit must be 1 or more, not 0");
            assertBad(http, base + "runs?limit=-3", "limit must be 1 or more, not -3");
            assertBad(http, base + "runs?limit=99999999999", "limit must be 1 or more, not 99999999999");
            assertBad(http, base + "runs?limt=2", "unknown query parameter 'limt'; GET /events/runs takes ?limit=");
            assertBad(http, base + "run?runName=nightly&runStamp=x&verbose=1",
                    "unknown query parameter 'verbose'; GET /events/run takes ?runName=, ?runStamp=");
        }
    }

    private static void assertBad(HttpClient http, String url, String says) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo(says);
    }

    private static JsonNode get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> post(HttpClient http, String url, String type, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
