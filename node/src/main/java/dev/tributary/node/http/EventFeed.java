package dev.tributary.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.engine.Cancellable;
import dev.tributary.net.HostPort;
import dev.tributary.net.Peer;
import dev.tributary.net.PeerListener;
import dev.tributary.node.Node;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live event stream {@code GET /events} (server-sent events), which the dashboard page listens to. Each event's
 * data is one line of JSON:
 *
 * <pre>
 *  event: status    the whole of GET /status, first on connecting and then whenever it changed
 *  event: peers     the whole of GET /peers, first on connecting and then every sample
 *  event: tip       {"service": "regtest", "height": 1200, "tip": "...", "blockHeight": 1180}: a service's best tip
 *                   or its stored height moved (as sampled)
 *  event: peer      {"event": "connected", "peer": {a row of GET /peers}}
 *                   {"event": "disconnected", "address": "127.0.0.1:18444", "network": "regtest", "reason": "..."}
 *  event: progress  {"time": 1764936000000, "peers": 2, "services": {"regtest": {"height", "blockHeight",
 *                   "blocksStored"}}, "synced": {"db": 1000, "records": 30}}: one sample of sync progress, every
 *                   {@link #SAMPLE_MILLIS} ms; "synced" holds the entries each service without a height synced
 *                   since the node started ({@link SyncedEntries})
 * </pre>
 *
 * A request must say {@code Accept: text/event-stream} (others are answered 406). The node is sampled every {@link #SAMPLE_MILLIS} ms, and only while a client listens; peer connects and
 * disconnects are sent as they happen. Every client has a bounded queue ({@link EventHub}): one that falls behind is
 * disconnected, and may reconnect (browsers' {@code EventSource} does so by itself) to start again from a snapshot.
 * A comment line every {@link #KEEP_ALIVE_MILLIS} ms keeps an idle stream open through proxies.
 */
final class EventFeed implements AutoCloseable {
    /** What a client asks for in its {@code Accept} header (exactly), as browsers' {@code EventSource} does. */
    static final String MEDIA_TYPE = "text/event-stream";
    /** How often the node's state is sampled while a client listens. */
    static final long SAMPLE_MILLIS = 500;
    static final long KEEP_ALIVE_MILLIS = 15_000;
    private static final Logger log = LoggerFactory.getLogger(EventFeed.class);
    private static final AtomicLong CLIENTS = new AtomicLong();

    private final Node node;
    private final ObjectMapper json;
    private final Supplier<ObjectNode> status;
    private final EventHub hub = new EventHub();
    private final SseHandler sse = new SseHandler(this::serve);
    private final ScheduledExecutorService sampler;
    private final Cancellable peerListener;
    // sampler thread only
    private String lastStatus;
    private final Map<String, String> lastTips = new HashMap<>();

    /** A feed of {@code node}'s events; {@code status} makes the body of {@code GET /status} (from any thread). */
    EventFeed(Node node, ObjectMapper json, Supplier<ObjectNode> status) {
        this.node = node;
        this.json = json;
        this.status = status;
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "http-events");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleWithFixedDelay(this::sample, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        this.peerListener = node.peers().addListener(new PeerListener() {
            @Override
            public void onPeerReady(Peer peer) {
                if (hub.hasSubscribers()) {
                    ObjectNode e = json.createObjectNode().put("event", "connected");
                    e.set("peer", json.valueToTree(PeerRows.of(node, peer)));
                    hub.publish(new EventHub.Event("peer", e.toString()));
                }
            }

            @Override
            public void onPeerGone(Peer peer, String reason) {
                if (hub.hasSubscribers()) {
                    ObjectNode e = json.createObjectNode().put("event", "disconnected")
                            .put("address", HostPort.of(peer.address()))
                            .put("network", peer.network() == null ? null : peer.network().name()).put("reason", reason);
                    hub.publish(new EventHub.Event("peer", e.toString()));
                }
            }
        });
    }

    /** {@code GET /events}: a stream for a request that asks for one, a 406 with advice for any other. */
    void handle(Context ctx) throws Exception {
        if (!MEDIA_TYPE.equals(ctx.header("Accept"))) {
            ctx.status(HttpStatus.NOT_ACCEPTABLE).json(new ApiMessages.ErrorResponse("GET /events is a stream of"
                    + " server-sent events: ask for it with the header Accept: " + MEDIA_TYPE
                    + " (as a browser's EventSource does)"));
            return;
        }
        sse.handle(ctx);
    }

    /** Serves one client of {@code GET /events} until it goes away or falls behind. */
    private void serve(SseClient client) {
        Thread[] writer = new Thread[1];
        EventHub.Subscriber sub = hub.subscribe(() -> {
            if (writer[0] != null) {
                writer[0].interrupt();
            }
        });
        if (sub == null) {
            client.sendEvent("error", json.createObjectNode()
                    .put("error", "too many event streams open (at most " + EventHub.MAX_CLIENTS + ")").toString());
            client.close();
            return;
        }
        client.keepAlive();
        writer[0] = new Thread(() -> pump(client, sub), "http-events-" + CLIENTS.incrementAndGet());
        writer[0].setDaemon(true);
        client.onClose(() -> {
            hub.unsubscribe(sub);
            writer[0].interrupt();
        });
        writer[0].start();
    }

    /** Writes a snapshot, then the client's queued events, on the client's own thread (a slow client blocks only it). */
    private void pump(SseClient client, EventHub.Subscriber sub) {
        try {
            client.sendEvent("status", status.get().toString());
            client.sendEvent("peers", json.writeValueAsString(node.call(() -> PeerRows.all(node))));
            while (!client.terminated() && !sub.dropped()) {
                EventHub.Event e = sub.next(KEEP_ALIVE_MILLIS);
                if (e != null) {
                    client.sendEvent(e.name(), e.json());
                } else if (!sub.dropped()) {
                    client.sendComment("keep-alive");
                }
            }
        } catch (InterruptedException e) {
            // dropped or closed
        } catch (Exception e) {
            log.debug("Event stream ended: {}", e.toString());
        } finally {
            hub.unsubscribe(sub);
            if (sub.overflowed()) {
                log.info("Closed an event stream (GET /events) that fell {} events behind", EventHub.QUEUE_EVENTS);
            }
            try {
                client.close();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }

    /** One sample: status when it changed, tips that moved, sync progress and the peers. Sampler thread. */
    private void sample() {
        if (!hub.hasSubscribers()) {
            lastStatus = null;
            return;
        }
        try {
            ObjectNode body = status.get();
            String text = body.toString();
            if (!text.equals(lastStatus)) {
                lastStatus = text;
                hub.publish(new EventHub.Event("status", text));
            }
            ObjectNode progress = json.createObjectNode().put("time", System.currentTimeMillis())
                    .put("peers", body.path("peers").asInt());
            ObjectNode services = progress.putObject("services");
            ObjectNode synced = progress.putObject("synced");
            for (Iterator<Map.Entry<String, JsonNode>> it = body.path("services").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> s = it.next();
                JsonNode section = s.getValue();
                if (!section.has("height")) {
                    SyncedEntries.of(section).ifPresent(n -> synced.put(s.getKey(), n));
                    continue;
                }
                services.putObject(s.getKey()).put("height", section.path("height").asInt())
                        .put("blockHeight", section.path("blockHeight").asInt())
                        .put("blocksStored", section.path("blocksStored").asLong());
                String tip = section.path("tip").asText();
                String key = tip + " " + section.path("blockHeight").asInt();
                if (!key.equals(lastTips.put(s.getKey(), key))) {
                    hub.publish(new EventHub.Event("tip", json.createObjectNode().put("service", s.getKey())
                            .put("height", section.path("height").asInt()).put("tip", tip)
                            .put("blockHeight", section.path("blockHeight").asInt()).toString()));
                }
            }
            hub.publish(new EventHub.Event("progress", progress.toString()));
            hub.publish(new EventHub.Event("peers", json.writeValueAsString(node.call(() -> PeerRows.all(node)))));
        } catch (Exception e) {
            log.debug("Sampling the node for /events failed: {}", e.toString());
        }
    }

    /** Clients listening now. */
    int clients() {
        return hub.subscriberCount();
    }

    /** Stops sampling and listening to peers; open streams end when the server stops. */
    @Override
    public void close() {
        peerListener.cancel();
        sampler.shutdownNow();
    }
}
