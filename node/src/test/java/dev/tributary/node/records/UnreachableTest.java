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
    /** One client a test (JUnit makes an instance a test): a request a test leaves hanging cannot hold up the next. */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private IOException failureOf(URI uri, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        IOException e = catchThrowableOfType(() -> http.send(request, HttpResponse.BodyHandlers.discarding()),
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
                    // a plain HTTP server's answer to a TLS hello it cannot read, once the hello came: answering
                    // before it and closing races the client's handshake (Java's client then waits out its timeout)
                    if (s.getInputStream().read(new byte[512]) < 0) {
                        return;
                    }
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

    /** The failure of a request to a server that reads it, writes {@code answer} and closes the connection. */
    private IOException failureOfServerAnswering(String answer, URI[] uriOut) throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                while (true) { // every connection: the client sends a GET again on a connection closed without a byte
                    try (java.net.Socket s = other.accept()) {
                        s.getInputStream().read(new byte[4096]);
                        s.getOutputStream().write(answer.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    } catch (IOException closed) {
                        return; // the test is over
                    }
                }
            }, "not http");
            server.setDaemon(true);
            server.start();
            uriOut[0] = URI.create("http://127.0.0.1:" + other.getLocalPort() + "/records/a");
            return failureOf(uriOut[0], Duration.ofSeconds(30));
        }
    }

    @Test
    void aServerThatClosesWithoutAnHttpAnswerIsNamedSo() throws Exception {
        URI[] uri = new URI[1];
        IOException e = failureOfServerAnswering("", uri); // PostgreSQL's way with an HTTP request
        assertThat(e).hasMessage("the source http://" + uri[0].getAuthority()
                + " closed the connection without an HTTP answer: it stopped, or that port is not an HTTP server's");
    }

    @Test
    void aServerOfAnotherProtocolIsNamedSo() throws Exception {
        URI[] uri = new URI[1];
        IOException e = failureOfServerAnswering("d\0\0\0\n11.4.2-MariaDB\0", uri); // a MariaDB greeting
        assertThat(e).hasMessage("the source http://" + uri[0].getAuthority()
                + " answered something other than HTTP: is that port an HTTP server's?");
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
