package dev.tributary.node.records;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver for tests: an HTTP server on a loopback port of its own that answers every POST to
 * {@code /hook} 204 and keeps its body, for the test to wait on ({@link #next}).
 */
final class Webhook implements AutoCloseable {
    private final HttpServer server;
    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();

    private Webhook(HttpServer server) {
        this.server = server;
    }

    /** A receiver listening on a free loopback port. */
    static Webhook start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Webhook hook = new Webhook(server);
        server.createContext("/hook", ex -> {
            hook.received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        return hook;
    }

    /** Where to POST. */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    /** The next body received, waiting at most {@code patience}; null when none came. */
    String next(Duration patience) throws InterruptedException {
        return received.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether every body received was taken. */
    boolean isEmpty() {
        return received.isEmpty();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
