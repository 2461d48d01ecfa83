package dev.tributary.node.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.node.ServiceRoutes;
import dev.tributary.node.http.ApiMessages.ErrorResponse;
import dev.tributary.node.http.BadRequest;
import dev.tributary.node.http.JsonBodies;
import dev.tributary.node.http.QueryParameters;
import dev.tributary.oplog.db.Database;
import dev.tributary.oplog.db.DatabaseListener;
import dev.tributary.oplog.db.Documents;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP routes of the databases, under {@code /db} ({@code {db}} is a database's name, or its address's CID,
 * the part after {@code /orbitdb/}). Bodies and answers are JSON; values are JSON as {@link DagJson} maps them.
 *
 * <pre>
 *  GET  /db/databases                      [{address, name, type, entries}]
 *  POST /db/databases      {name, type, write?, indexBy?}   creates (or opens) by name, or opens by address
 *                                          (name = /orbitdb/...): the database's info, 201 when it is new
 *  GET  /db/databases/{db}                 {address, name, type, accessController, write, canWrite, entries, heads,
 *                                           indexBy?}
 *  POST /db/databases/{db}/put  {key, value}   keyvalue; documents: {value: document}     -&gt; {hash}
 *  POST /db/databases/{db}/del  {key}          keyvalue, documents                          -&gt; {hash}
 *  POST /db/databases/{db}/add  {value}        events                                       -&gt; {hash}
 *  GET  /db/databases/{db}/get?key=K           {key, value} (events: key = an entry's hash)
 *  GET  /db/databases/{db}/entries?limit=&amp;gt=&amp;gte=&amp;lt=&amp;lte=   newest first: events [{hash, value}],
 *                                           keyvalue and documents their current records [{key, value, hash}]
 *  POST /db/databases/{db}/query {field, value, limit?}   documents whose field equals value
 *  GET  /db/databases/{db}/replication     {address, entries, heads, peers: [{peer, peerHeads, missing, fetched,
 *                                           applied, synced, sessions, roundTrips, reconBytes}]}
 *  GET  /db/databases/{db}/watch           a stream of JSON lines: {"watching": address}, then one
 *                                          {address, hash, local, payload} per entry applied, and replication
 *                                          events {replication: "progress"|"synced", address, peer, missing, fetched,
 *                                          applied, synced} (progress at most once a second per peer); empty lines
 *                                          keep the connection alive
 * </pre>
 *
 * Errors are {@code {"error": "..."}} with the status of their {@link DbException.Kind} (400 bad input, 403 no
 * write access, 404 unknown database or key, 409 an operation of another type, 413 an entry too large, 503 too
 * many watchers); a refused request changes nothing.
 */
final class DbRoutes implements AutoCloseable {
    /** Most watch streams served at once (each holds one of the HTTP server's threads). */
    static final int MAX_WATCHERS = 4;
    /** How long {@code POST /db/databases} with an address waits for a connected peer to serve that database. */
    static final int OPEN_FROM_PEERS_SECONDS = 20;
    /** How long an open from peers waits while no peer is connected at all. */
    static final int NO_PEER_SECONDS = 3;
    private static final long HEARTBEAT_SECONDS = 10;
    /** How long stopping waits for the watch streams to write their end. */
    private static final long END_WAIT_MILLIS = 2_000;
    private static final int WATCH_QUEUE = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object END = new Object();

    private final NodeDatabases databases;
    private final AtomicInteger watchers = new AtomicInteger();
    private final Set<BlockingQueue<Object>> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** What {@code GET /db/databases/{db}/replication} answers for an address (read on the engine thread). */
    private final java.util.function.Function<String, Object> replication;

    private final dev.tributary.sync.replication.DbReplication replicator;
    private final OpenWait.Peers peers;

    DbRoutes(NodeDatabases databases, java.util.function.Function<String, Object> replication,
            dev.tributary.sync.replication.DbReplication replicator) {
        this.databases = databases;
        this.replication = replication;
        this.replicator = replicator;
        this.peers = peersOf(replicator);
    }

    /** The request bodies, as {@link JsonBodies} reads them strictly. */
    record CreateBody(String name, String type, List<String> write, String indexBy) {
    }

    record PutBody(String key, JsonNode value) {
    }

    record KeyBody(String key) {
    }

    record AddBody(JsonNode value) {
    }

    record QueryBody(String field, JsonNode value, Integer limit) {
    }

    void register(ServiceRoutes routes) {
        routes.onStop(this::endStreams);
        routes.get("/databases", answering(ctx -> ctx.json(databases.list())));
        routes.post("/databases", answering(this::create));
        routes.get("/databases/{db}", answering(ctx -> ctx.json(databases.info(db(ctx)))));
        routes.post("/databases/{db}/put", answering(ctx -> {
            Database d = db(ctx);
            // the body's form as this database takes it: a documents database takes the document alone
            PutBody b = JsonBodies.read(ctx, PutBody.class, d instanceof Documents
                    ? "{\"value\": {document, its key in field '" + ((Documents) d).indexBy() + "'}}"
                    : "{\"key\": text, \"value\": JSON}");
            ctx.json(databases.put(d, b.key(), b.value()));
        }));
        routes.post("/databases/{db}/del", answering(ctx -> {
            KeyBody b = JsonBodies.read(ctx, KeyBody.class, "{\"key\": text}");
            ctx.json(databases.del(db(ctx), b.key()));
        }));
        routes.post("/databases/{db}/add", answering(ctx -> {
            AddBody b = JsonBodies.read(ctx, AddBody.class, "{\"value\": JSON}");
            ctx.json(databases.add(db(ctx), b.value()));
        }));
        routes.get("/databases/{db}/get", answering(ctx -> ctx.json(databases.get(db(ctx), ctx.queryParam("key")))));
        routes.get("/databases/{db}/entries", answering(ctx -> ctx.json(databases.entries(db(ctx),
                limit(ctx), ctx.queryParam("gt"), ctx.queryParam("gte"), ctx.queryParam("lt"),
                ctx.queryParam("lte")))));
        routes.post("/databases/{db}/query", answering(ctx -> {
            QueryBody b = JsonBodies.read(ctx, QueryBody.class,
                    "{\"field\": text, \"value\": JSON, \"limit\": number (optional)}");
            ctx.json(databases.query(db(ctx), b.field(), b.value(), b.limit()));
        }));
        routes.get("/databases/{db}/watch", answering(this::watch));
        routes.get("/databases/{db}/replication", answering(ctx -> ctx.json(replication.apply(db(ctx).address()))));
    }

    private void create(Context ctx) {
        CreateBody b = JsonBodies.read(ctx, CreateBody.class,
                "{\"name\": text, \"type\": \"events\"|\"keyvalue\"|\"documents\", \"write\": [identity id or \"*\", ...]"
                        + " (optional), \"indexBy\": text (optional, documents)}");
        int before = databases.databases().list().size();
        openFromPeers(b.name());
        var info = databases.create(b.name(), b.type(), b.write(), b.indexBy());
        boolean created = databases.databases().list().size() > before;
        ctx.status(created ? 201 : 200).json(info);
    }

    /**
     * When {@code name} is the address of a database this node does not hold, opens it from the connected peers
     * that replicate it (its manifest, then its entries, replicated from then on), waiting at most
     * {@link #OPEN_FROM_PEERS_SECONDS}; a name, or an address held here, is left to {@link NodeDatabases#create}.
     */
    private void openFromPeers(String name) {
        if (name == null || !dev.tributary.oplog.manifest.DatabaseAddress.isValid(name)) {
            return;
        }
        String address = dev.tributary.oplog.manifest.DatabaseAddress.parse(name).toString();
        if (databases.databases().list().stream().anyMatch(d -> d.address().equals(address))) {
            return;
        }
        try {
            awaitOpen(replicator.open(address));
        } catch (java.util.concurrent.TimeoutException e) {
            String why = replicator.connectedPeers() == 0 ? "no peer is connected"
                    : "no connected peer served it within " + OPEN_FROM_PEERS_SECONDS + " s";
            throw new DbException(DbException.Kind.NOT_FOUND, "no database " + address + " here, and " + why
                    + ": connect this node to one that holds it (tributary node --db-connect HOST:PORT, its --listen"
                    + " address) and ask again");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new DbException(DbException.Kind.BAD_INPUT, "database " + address + " could not be opened from a"
                    + " peer: " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DbException(DbException.Kind.BUSY, "the node is stopping");
        }
    }

    /**
     * Waits for a database being opened from peers: at most {@link #OPEN_FROM_PEERS_SECONDS}, or
     * {@link #NO_PEER_SECONDS} while no peer is connected at all (one being dialled may still come).
     */
    private void awaitOpen(java.util.concurrent.CompletableFuture<?> opening) throws InterruptedException,
            java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        OpenWait.await(opening, peers, TimeUnit.SECONDS.toNanos(OPEN_FROM_PEERS_SECONDS),
                TimeUnit.SECONDS.toNanos(NO_PEER_SECONDS));
    }

    /** The peers of {@code replicator}'s network, as {@link OpenWait} follows them. */
    private static OpenWait.Peers peersOf(dev.tributary.sync.replication.DbReplication replicator) {
        return new OpenWait.Peers() {
            @Override
            public int connected() {
                return replicator.connectedPeers();
            }

            @Override
            public dev.tributary.engine.Cancellable onChange(Runnable change) {
                return replicator.addListener(new dev.tributary.sync.replication.ReplicationListener() {
                    @Override
                    public void peersChanged(int connected) {
                        change.run();
                    }
                });
            }
        };
    }

    private Database db(Context ctx) {
        return databases.find(ctx.pathParam("db"));
    }

    /** {@code ?limit=}, checked as the database checks it, in the API's words for a number in a range. */
    private static Integer limit(Context ctx) {
        try {
            OptionalInt limit = QueryParameters.wholeNumber(ctx, "limit", 1, NodeDatabases.MAX_LIMIT);
            return limit.isPresent() ? limit.getAsInt() : null;
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    /** Answers a {@link DbException} with its status and message; other failures go to the node's handlers. */
    private static Handler answering(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (DbException e) {
                ctx.status(e.kind().status()).json(new ErrorResponse(e.getMessage()));
            }
        };
    }

    private void watch(Context ctx) throws IOException {
        Database db = db(ctx);
        if (closed) {
            throw new DbException(DbException.Kind.BUSY, "the node is stopping");
        }
        if (watchers.incrementAndGet() > MAX_WATCHERS) {
            watchers.decrementAndGet();
            throw new DbException(DbException.Kind.BUSY, "the node serves " + MAX_WATCHERS
                    + " watch streams at once; try again when one ends");
        }
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(WATCH_QUEUE);
        AtomicBoolean behind = new AtomicBoolean();
        DatabaseListener listener = u -> {
            if (!queue.offer(u)) {
                behind.set(true);
            }
        };
        streams.add(queue);
        String address = db.address();
        java.util.Map<String, Long> lastProgress = new java.util.HashMap<>();
        dev.tributary.engine.Cancellable events = replicator.addListener(
                new dev.tributary.sync.replication.ReplicationListener() {
                    @Override
                    public void progress(dev.tributary.sync.replication.PeerProgress p) {
                        long now = System.nanoTime();
                        Long last = lastProgress.get(p.peer());
                        if (p.address().equals(address) && (last == null || now - last > 1_000_000_000L)) {
                            lastProgress.put(p.peer(), now);
                            offer(queue, behind, "progress", p);
                        }
                    }

                    @Override
                    public void synced(dev.tributary.sync.replication.PeerProgress p) {
                        if (p.address().equals(address)) {
                            offer(queue, behind, "synced", p);
                        }
                    }
                });
        try (AutoCloseable ignored = databases.watch(db, listener); AutoCloseable alsoIgnored = events::cancel) {
            ctx.status(200).contentType("application/x-ndjson");
            OutputStream out = ctx.res().getOutputStream();
            line(out, JSON.createObjectNode().put("watching", db.address()).toString());
            while (!closed) {
                Object next = queue.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                if (behind.get()) {
                    line(out, JSON.createObjectNode().put("error", "the watcher fell " + WATCH_QUEUE
                            + " entries behind; watch again").toString());
                    return;
                }
                if (next == END) {
                    // the answer's end written here, before endStreams lets the server stop and close the connection
                    out.close();
                    return;
                }
                line(out, next == null ? "" : next instanceof String text ? text
                        : NodeDatabases.update((DatabaseListener.Update) next).toString());
            }
        } catch (IOException e) {
            // The client went away.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            synchronized (streams) {
                streams.remove(queue);
                streams.notifyAll();
            }
            watchers.decrementAndGet();
        }
    }

    /** A replication event as a JSON line: {@code {"replication": event, peer, missing, fetched, applied, synced}}. */
    private static void offer(BlockingQueue<Object> queue, AtomicBoolean behind, String event,
            dev.tributary.sync.replication.PeerProgress p) {
        var o = JSON.createObjectNode().put("replication", event).put("address", p.address()).put("peer", p.peer())
                .put("missing", p.missing()).put("fetched", p.fetched()).put("applied", p.applied())
                .put("synced", p.synced());
        if (!queue.offer(o.toString())) {
            behind.set(true);
        }
    }

    private static void line(OutputStream out, String text) throws IOException {
        out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Ends the watch streams and refuses new ones. */
    @Override
    public void close() {
        closed = true;
        endStreams();
    }

    /**
     * Ends the watch streams open now: each ends its answer (the stream's end, which db watch reads as a stop). Waits
     * up to {@value #END_WAIT_MILLIS} ms for them to have written that end, so that a server stopping next does not
     * cut a stream mid-answer.
     */
    void endStreams() {
        for (BlockingQueue<Object> q : streams) {
            q.clear();
            q.offer(END);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(END_WAIT_MILLIS);
        synchronized (streams) {
            long left;
            while (!streams.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(streams, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
