package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tributary.records.InMemoryRecordStore;
import dev.tributary.records.RecordCollection;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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
        URI events = URI.create("http://127.0.0.1:" + closed + "/events");
        List<String> lines = passLogLines(() -> syncTwoEndpoints(dir, events, false, "run", "tok",
                Clock.systemUTC()));
        assertThat(lines).containsExactly("cannot reach the event manager http://127.0.0.1:" + closed
                + " (connection refused); the pass goes on");
    }

    /**
     * A two-way sync is one run at the event manager: both passes carry one runStamp, the sync's start, even when the
     * second pass starts in a later second than the first (here: a clock that moves on a second each time it is read).
     */
    @Test
    void bothPassesOfATwoWaySyncAreOneRun(@TempDir Path dir) throws Exception {
        List<String> stamps = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        HttpServer recording = eventManager(exchange -> {
            exchange.getRequestBody().readAllBytes();
            String query = exchange.getRequestURI().getQuery();
            stamps.add(query.replaceAll(".*runStamp=([^&]*).*", "$1"));
            answer(exchange, 200, "{\"kept\": 1}");
        });
        try {
            syncTwoEndpoints(dir, diagnosticsOf(recording), true, "nightly", null,
                    new SecondPerReading(Instant.parse("2026-03-04T05:06:07.800Z")));
        } finally {
            recording.stop(0);
        }
        assertThat(stamps).as("a report per pass, both with the sync's start").containsExactly(
                "2026-03-04T05:06:07", "2026-03-04T05:06:07");
    }

    @Test
    void anEventManagerThatRefusesIsLoggedWithWhatItSaid(@TempDir Path dir) throws Exception {
        HttpServer refusing = eventManager(exchange -> {
            exchange.getRequestBody().readAllBytes();
            answer(exchange, 401, "{\"error\":\"this request needs the node's token\"}");
        });
        URI events = diagnosticsOf(refusing);
        List<String> lines;
        try {
            lines = passLogLines(() -> syncTwoEndpoints(dir, events, false, "nightly run", null, Clock.systemUTC()));
        } finally {
            refusing.stop(0);
        }
        assertThat(lines).containsExactly("the event manager " + events + " answered 401 to the diagnostics of run"
                + " 'nightly run': this request needs the node's token (give the event manager's token with"
                + " --events-token TOKEN, or --events-token @DIR for the node whose data directory is DIR); the pass"
                + " goes on");
    }

    /**
     * A node that serves no event manager (started without --events): its 404 lists every route it has; the line
     * says there is no event manager there, and how a node serves one.
     */
    @Test
    void aUrlWithNoEventManagerIsSaidSoWithoutTheNodesRoutes(@TempDir Path dir) throws Exception {
        HttpServer node = eventManager(exchange -> {
            exchange.getRequestBody().readAllBytes();
            answer(exchange, 404, "{\"error\":\"no route POST /events/diagnostics (routes: GET /status, GET /metrics,"
                    + " GET /peers, GET /events, GET /, GET /db/databases, ...\"}");
        });
        URI events = diagnosticsOf(node);
        List<String> lines;
        try {
            lines = passLogLines(() -> syncTwoEndpoints(dir, events, false, "nightly run", null, Clock.systemUTC()));
        } finally {
            node.stop(0);
        }
        assertThat(lines).containsExactly("the event manager " + events + " answered 404 to the diagnostics of run"
                + " 'nightly run': no event manager there (a node serves one at /events/diagnostics when it runs with"
                + " --events); the pass goes on");
    }

    /** A node's event feed, {@code /events} (GET only), given for its event manager: said as no event manager. */
    @Test
    void theNodesEventFeedGivenForItsEventManagerIsSaidSo(@TempDir Path dir) throws Exception {
        HttpServer node = eventManager(exchange -> {
            exchange.getRequestBody().readAllBytes();
            answer(exchange, 405, "{\"error\":\"POST is not allowed on /events; it takes GET\"}");
        });
        URI events = diagnosticsOf(node);
        List<String> lines;
        try {
            lines = passLogLines(() -> syncTwoEndpoints(dir, events, false, "nightly run", null, Clock.systemUTC()));
        } finally {
            node.stop(0);
        }
        assertThat(lines).singleElement().asString().contains("answered 405").contains("no event manager there (a node"
                + " serves one at /events/diagnostics when it runs with --events)");
    }

    /** A step that may throw, whose pass log lines are kept. */
    private interface Step {
        void run() throws Exception;
    }

    /** The lines {@link HttpSyncPass} logs while {@code step} runs. */
    private static List<String> passLogLines(Step step) throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(HttpSyncPass.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            step.run();
        } finally {
            logger.detachAppender(logs);
        }
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /**
     * Syncs two empty in-memory endpoints "a" and "b" (token "tok"), reporting to {@code events}, the run stamped by
     * {@code clock}.
     */
    private static void syncTwoEndpoints(Path dir, URI events, boolean twoWay, String runName, String eventsToken,
                                         Clock clock) throws Exception {
        try (RecordNodes nodes = new RecordNodes(dir)) {
            RecordsConfig config = new RecordsConfig("tok", 10, 1 << 20, 8);
            URI a = nodes.serve("a", "accounts",
                    new RecordCollection(new InMemoryRecordStore("urn:a", 1), Clock.systemUTC()), config);
            URI b = nodes.serve("b", "accounts",
                    new RecordCollection(new InMemoryRecordStore("urn:b", 2), Clock.systemUTC()), config);
            RecordsSync.run(HttpClient.newHttpClient(),
                    new RecordsSync.Options(a, b, events, twoWay, runName, "tok", "tok", eventsToken), (from, to) ->
                            new HttpSyncPass.Listener() {
                            }, clock);
        }
    }

    /** A clock that moves on a second each time it is read, from {@code first}: no two readings fall in one second. */
    private static final class SecondPerReading extends Clock {
        private final AtomicLong readings = new AtomicLong();
        private final Instant first;

        SecondPerReading(Instant first) {
            this.first = first;
        }

        @Override
        public Instant instant() {
            return first.plusSeconds(readings.getAndIncrement());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the run stamp's clock keeps UTC");
        }
    }

    /** A fake event manager on a loopback port of its own, answering every request with {@code handler}, started. */
    private static HttpServer eventManager(HttpHandler handler) throws java.io.IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler);
        server.start();
        return server;
    }

    private static URI diagnosticsOf(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/events/diagnostics");
    }

    private static void answer(HttpExchange exchange, int status, String json) throws java.io.IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
