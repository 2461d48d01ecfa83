package dev.tributary.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.node.chain.SyncMode;
import dev.tributary.node.cli.Cli;
import dev.tributary.node.http.CookieFile;
import dev.tributary.node.http.HttpAccess;
import dev.tributary.node.http.HttpApi;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's HTTP server lets reads through and nothing else without the token of its cookie file: a write without
 * it, with a wrong one, or from another site's page is refused with a JSON error (a method or path no route takes is
 * a 405 or 404 first, token or not); no answer carries CORS headers;
 * and it listens on loopback addresses only unless told otherwise.
 */
class HttpSecurityIT {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void writesNeedTheTokenOfTheCookieFile() throws Exception {
        NodeConfig config = NodeConfig.of(NetworkParameters.REGTEST, dir).withStore(StoreKind.MEMORY)
                .withMode(SyncMode.BLOCKS).withNet(TestNodes.listening());
        try (Node node = ChainService.node(config, List.of())) {
            node.start();
            String token = CookieFile.create(dir, new SecureRandom());
            assertThat(Files.getPosixFilePermissions(CookieFile.of(dir)))
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            assertThat(CookieFile.read(dir)).isEqualTo(token).matches("[0-9a-f]{64}");
            try (HttpApi api = HttpApi.start(node, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    HttpAccess.withToken(token))) {
                String base = "http://127.0.0.1:" + api.port();
                HttpResponse<String> status = send(HttpRequest.newBuilder(URI.create(base + "/status")).GET());
                assertThat(status.statusCode()).isEqualTo(200);

                HttpResponse<String> none = post(base + "/mine", null, null);
                assertThat(none.statusCode()).isEqualTo(401);
                assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
                assertThat(error(none)).contains("needs its token").contains("Authorization: Bearer").contains(".cookie");
                HttpResponse<String> wrong = post(base + "/mine", "Bearer " + "0".repeat(64), null);
                assertThat(wrong.statusCode()).isEqualTo(401);
                assertThat(error(wrong)).startsWith("the Authorization header sent does not hold this node's token")
                        .contains(".cookie");
                assertThat(post(base + "/mine", token, null).statusCode()).as("the token without Bearer").isEqualTo(401);

                HttpResponse<String> wrongMethod = send(HttpRequest.newBuilder(URI.create(base + "/status"))
                        .method("DELETE", HttpRequest.BodyPublishers.noBody()));
                assertThat(wrongMethod.statusCode()).as("a method no route takes: 405 before any token").isEqualTo(405);
                assertThat(error(wrongMethod)).isEqualTo("DELETE is not allowed on /status; it takes GET");
                HttpResponse<String> noRoute = post(base + "/nowhere", null, null);
                assertThat(noRoute.statusCode()).as("a path no route takes: 404 before any token").isEqualTo(404);
                assertThat(error(noRoute)).startsWith("no route POST /nowhere");

                HttpResponse<String> crossSite = post(base + "/mine", "Bearer " + token, "http://evil.example");
                assertThat(crossSite.statusCode()).isEqualTo(403);
                assertThat(error(crossSite)).contains("cross-origin requests are refused");

                HttpResponse<String> ok = post(base + "/mine", "Bearer " + token, base);
                assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
                assertThat(ChainService.of(node).currentStatus().tip().height()).isEqualTo(1);

                HttpResponse<String> preflight = send(HttpRequest.newBuilder(URI.create(base + "/mine"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "http://evil.example").header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "authorization"));
                HttpResponse<String> read = send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                        .header("Origin", "http://evil.example").GET());
                for (HttpResponse<String> r : List.of(preflight, read, ok, status)) {
                    assertThat(r.headers().map().keySet()).as("CORS headers in %s", r)
                            .noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("access-control-"));
                }
                assertThat(preflight.statusCode()).isGreaterThanOrEqualTo(400);
            }
        }
    }

    @Test
    void aNonLoopbackAddressNeedsAnExplicitOption() throws Exception {
        NodeConfig config = NodeConfig.of(NetworkParameters.REGTEST, dir).withStore(StoreKind.MEMORY)
                .withNet(TestNodes.listening());
        try (Node node = ChainService.node(config, List.of())) {
            assertThatThrownBy(() -> HttpApi.start(node, new InetSocketAddress("0.0.0.0", 0), HttpAccess.withToken("t")))
                    .hasMessageContaining("refusing to serve HTTP on 0.0.0.0:0").hasMessageContaining("--http-allow-remote");
        }
        Cli.Result r = Cli.run("node", "--network", "regtest", "--datadir", dir.resolve("n").toString(),
                "--http", "0.0.0.0:0");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).singleElement().asString().contains("refusing to serve HTTP on 0.0.0.0:0")
                .contains("--http-allow-remote");
        assertThat(dir.resolve("n")).as("nothing was made").doesNotExist();
    }

    private HttpResponse<String> post(String url, String authorization, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"blocks\": 1}"));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String error(HttpResponse<String> r) throws Exception {
        JsonNode body = json.readTree(r.body());
        assertThat(body.fieldNames()).toIterable().containsExactly("error");
        return body.get("error").asText();
    }
}
