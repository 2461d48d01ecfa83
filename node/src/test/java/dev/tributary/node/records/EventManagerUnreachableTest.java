package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tributary.records.InMemoryRecordStore;
import dev.tributary.records.RecordCollection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The engine's reports to an event manager: one that cannot be reached or refuses is logged in words, naming it and
 * why, and the pass goes on; a two-way sync's passes report as one run.
 */
class EventManagerUnreachableTest {

    @Test
    void anEventManagerThatCannotBeReachedIsLoggedInWords(@TempDir Path dir) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Logger logger = (Logger) LoggerFactory.getLogger(HttpSyncPass.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try (RecordNodes nodes = new RecordNodes(dir)) {
            RecordsConfig config = new RecordsConfig("tok", 10, 1 << 20, 8);
            URI a = nodes.serve("a", "accounts",
                    new RecordCollection(new InMemoryRecordStore("urn:a", 1), Clock.systemUTC()), config);
            URI b = nodes.serve("b", "accounts",
                    new RecordCollection(new InMemoryRecordStore("urn:b", 2), Clock.systemUTC()), config);
            URI events = URI.create("http://127.0.0.1:" + closed + "/events");
            RecordsSync.run(HttpClient.newHttpClient(),
                    new RecordsSync.Options(a, b, events, false, "run", "tok", "tok", "tok"), (from, to) ->
                            new HttpSyncPass.Listener() {
                            });
        } finally {
            logger.detachAppender(logs);
        }
        List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).containsExactly("cannot reach the event manager http://127.0.0.1:" + closed
                + " (connection refused); the pass goes on");
    }

    /**
     * A two-way sync is one run at the event manager: both passes carry one runStamp, even when the second pass starts
     * in a later second than the first (here: the event manager takes over a second to answer the first report).
     */
    @Test
    void bothPassesOfATwoWaySyncAreOneRun(@TempDir Path dir) throws Exception {
        List<String> stamps = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        com.sun.net.httpserver.HttpServer slow = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        slow.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String query = exchange.getRequestURI().getQuery();
            stamps.add(query.replaceAll(".*runStamp=([^&]*).*", "$1"));
            if (stamps.size() == 1) {
                try {
                    Thread.sleep(1_100); // the next pass starts in a later second
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = "{\"kept\": 1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        slow.start();
        URI events = URI.create("http://127.0.0.1:" + slow.getAddress().getPort() + "/events/diagnostics");
        try (RecordNodes nodes = new RecordNodes(dir)) {
            RecordsConfig config = new RecordsConfig("tok", 10, 1 << 20, 8);
            URI a = nodes.serve("a", "accounts",
                    new RecordCollection(new InMemoryRecordStore("urn:a", 1), Clock.systemUTC()), config);
            URI b = nodes.serve("b", "accounts",
                    new RecordCollection(new InMemoryRecordStore("urn:b", 2), Clock.systemUTC()), config);
            RecordsSync.run(HttpClient.newHttpClient(),
                    new RecordsSync.Options(a, b, events, true, "nightly", "tok", "tok", null), (from, to) ->
                            new HttpSyncPass.Listener() {
                            });
        } finally {
            slow.stop(0);
        }
        assertThat(stamps).as("a report per pass").hasSize(2);
        assertThat(stamps.get(1)).isEqualTo(stamps.get(0));
    }

    @Test
    void anEventManagerThatRefusesIsLoggedWithWhatItSaid(@TempDir Path dir) throws Exception {
        com.sun.net.httpserver.HttpServer refusing = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        refusing.createContext("/", exchange -> {
            byte[] body = "{\"error\":\"this request needs the node's token\"}".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        refusing.start();
        Logger logger = (Logger) LoggerFactory.getLogger(HttpSyncPass.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        URI events = URI.create("http://127.0.0.1:" + refusing.getAddress().getPort() + "/events/diagnostics");
        try (RecordNodes nodes = new RecordNodes(dir)) {
            RecordsConfig config = new RecordsConfig("tok", 10, 1 << 20, 8);
            URI a = nodes.serve("a", "accounts",
                    new RecordCollection(new InMemoryRecordStore("urn:a", 1), Clock.systemUTC()), config);
            URI b = nodes.serve("b", "accounts",
                    new RecordCollection(new InMemoryRecordStore("urn:b", 2), Clock.systemUTC()), config);
            RecordsSync.run(HttpClient.newHttpClient(),
                    new RecordsSync.Options(a, b, events, false, "nightly run", "tok", "tok", null), (from, to) ->
                            new HttpSyncPass.Listener() {
                            });
        } finally {
            logger.detachAppender(logs);
            refusing.stop(0);
        }
        List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).containsExactly("the event manager " + events + " answered 401 to the diagnostics of run"
                + " 'nightly run': this request needs the node's token; the pass goes on");
    }
}
