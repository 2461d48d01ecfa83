package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An endpoint that cannot be reached is named with the reason: an unknown host, a refusal, a timeout. */
class UnreachableTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static IOException failureOf(URI uri, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        IOException e = catchThrowableOfType(() -> HTTP.send(request, HttpResponse.BodyHandlers.discarding()),
                IOException.class);
        assertThat(e).as("%s fails", uri).isNotNull();
        return Unreachable.inWords("the source ", uri, e, timeout);
    }

    @Test
    void aHostThatDoesNotResolveIsNamedSo() {
        assertThat(failureOf(URI.create("http://nosuchhost.invalid/records/a/$syncDigest"), Duration.ofSeconds(30)))
                .hasMessage("cannot reach the source http://nosuchhost.invalid (cannot resolve host nosuchhost.invalid)");
    }

    @Test
    void aRefusedConnectionIsNamedSo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThat(failureOf(URI.create("http://127.0.0.1:" + port + "/records/a"), Duration.ofSeconds(30)))
                .hasMessage("cannot reach the source http://127.0.0.1:" + port + " (connection refused)");
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsNamedSo() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/records/a");
            assertThat(failureOf(uri, Duration.ofSeconds(1)))
                    .hasMessage("the source " + uri + " did not answer within 1 s");
        }
    }

    @Test
    void anHttpsUrlOfAPlainHttpServerIsNamedSo() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (java.net.Socket s = plain.accept()) {
                    // a plain HTTP server's answer to a TLS hello it cannot read
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (IOException closed) {
                    // the test is over
                }
            }, "plain http");
            server.setDaemon(true);
            server.start();
            int port = plain.getLocalPort();
            assertThat(failureOf(URI.create("https://127.0.0.1:" + port + "/records/a"), Duration.ofSeconds(30)))
                    .hasMessage("cannot reach the source https://127.0.0.1:" + port
                            + " (it answers without TLS: is the URL http://?)");
        }
    }

    @Test
    void anErrorAnswerIsShownByWhatItSays() {
        byte[] xml = ("<?xml version=\"1.0\"?>\n<sdata:diagnoses xmlns:sdata=\"x\">\n  <sdata:diagnosis>\n"
                + "    <sdata:message>no record collection 'acounts' here; the collection is accounts</sdata:message>\n"
                + "  </sdata:diagnosis>\n</sdata:diagnoses>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(HttpSyncPass.whatItSaid(xml))
                .isEqualTo("no record collection 'acounts' here; the collection is accounts");
        assertThat(HttpSyncPass.whatItSaid("{\"$diagnoses\": [{\"$message\": \"a \\\"b\\\"\"}]}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("a \"b\"");
        assertThat(HttpSyncPass.whatItSaid("{\"error\":\"writes need a token\"}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("writes need a token");
        assertThat(HttpSyncPass.whatItSaid("Bad\n gateway".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo("Bad gateway");
    }
}
