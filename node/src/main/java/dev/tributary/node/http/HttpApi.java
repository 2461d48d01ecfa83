package dev.tributary.node.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.bytes.Hash;
import dev.tributary.bytes.MalformedDataException;
import dev.tributary.net.HostPort;
import dev.tributary.node.NodeApi;
import dev.tributary.node.NodeStatus;
import dev.tributary.node.http.ApiMessages.ErrorResponse;
import dev.tributary.node.http.ApiMessages.MineRequest;
import dev.tributary.node.http.ApiMessages.MineResponse;
import dev.tributary.node.http.ApiMessages.StatusResponse;
import dev.tributary.node.http.ApiMessages.TransactionRequest;
import dev.tributary.node.http.ApiMessages.TransactionResponse;
import dev.tributary.chain.Transaction;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The node's HTTP API (Javalin, JSON by Jackson): routes and bodies only, the work is the {@link NodeApi}'s
 * (a {@link dev.tributary.node.Node}).
 *
 * <pre>
 *  POST /mine          {"blocks": N}     -> {"blocks": [hash...], "height": h, "tip": hash}   (regtest)
 *  POST /transactions  {"hex": "0200..."} -> {"txid": hash}                                  (blocks-first)
 *  GET  /status                           -> {"mode", "height", "tip", "chainwork", "blockHeight", "peers",
 *                                             "mempool", "blocksStored"}
 * </pre>
 *
 * Bad requests get a 4xx answer {@code {"error": "..."}} saying what was wrong: 400 for a body that is not the
 * documented JSON, a count out of range, hex that is not a transaction, a transaction the pool refuses, mining on
 * a network other than regtest; 409 for a transaction sent to a headers-first node (no memory pool); 404 for an
 * unknown path. Requests run on Jetty's threads ({@code http-N}) and reach the engine thread through
 * {@code Node.call}, one task per request.
 */
public final class HttpApi implements AutoCloseable {
    /** Most blocks one {@code POST /mine} mines. */
    public static final int MAX_BLOCKS_PER_REQUEST = 1000;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HttpApi.class);
    private static final int THREADS = 8;

    private final NodeApi node;
    private final ObjectMapper json = new ObjectMapper();
    private final Javalin app;

    private HttpApi(NodeApi node) {
        this.node = node;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.jsonMapper(new JavalinJackson(json, false));
            QueuedThreadPool pool = new QueuedThreadPool(THREADS, 2);
            pool.setName("http");
            config.jetty.threadPool = pool;
        });
        routes();
    }

    /**
     * Serves the API of {@code node} on {@code address} (port 0: an ephemeral port, see {@link #port()}).
     *
     * @throws IllegalStateException naming the address when it cannot be bound
     */
    public static HttpApi start(NodeApi node, InetSocketAddress address) {
        HttpApi api = new HttpApi(node);
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        try {
            api.app.start(host, address.getPort());
        } catch (RuntimeException e) {
            api.app.stop();
            throw new IllegalStateException("cannot serve HTTP on " + HostPort.of(address) + ": " + rootMessage(e), e);
        }
        log.info("HTTP API listening on {}:{}", host, api.port());
        return api;
    }

    /** The port the API listens on. */
    public int port() {
        return app.port();
    }

    private void routes() {
        app.post("/mine", this::mine);
        app.post("/transactions", this::submitTransaction);
        app.get("/status", ctx -> ctx.json(StatusResponse.of(node.status())));
        app.exception(BadRequest.class, (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
        app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
        app.exception(UnsupportedOperationException.class, (e, ctx) -> error(ctx, HttpStatus.CONFLICT, e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            log.warn("HTTP {} {} failed: {}", ctx.method(), ctx.path(), rootMessage(e));
            error(ctx, HttpStatus.INTERNAL_SERVER_ERROR, rootMessage(e));
        });
        app.error(HttpStatus.NOT_FOUND, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty() || !ctx.result().startsWith("{")) {
                error(ctx, HttpStatus.NOT_FOUND, "no route " + ctx.method() + " " + ctx.path()
                        + " (routes: POST /mine, POST /transactions, GET /status)");
            }
        });
    }

    private void mine(Context ctx) {
        MineRequest request = body(ctx, MineRequest.class, "{\"blocks\": N}");
        Integer n = request.blocks();
        if (n == null || n < 1 || n > MAX_BLOCKS_PER_REQUEST) {
            throw new BadRequest("\"blocks\" must be a number from 1 to " + MAX_BLOCKS_PER_REQUEST + ", got " + n);
        }
        List<Hash> mined = node.mine(n);
        NodeStatus status = node.status();
        ctx.json(new MineResponse(mined.stream().map(Hash::toString).toList(), status.tip().height(),
                status.tip().tip()));
    }

    private void submitTransaction(Context ctx) {
        TransactionRequest request = body(ctx, TransactionRequest.class, "{\"hex\": \"...\"}");
        Transaction tx = parseTransaction(request.hex());
        ctx.json(new TransactionResponse(node.submitTransaction(tx).toString()));
    }

    private static Transaction parseTransaction(String hex) {
        if (hex == null || hex.isEmpty()) {
            throw new BadRequest("\"hex\" must hold a serialized transaction in hex");
        }
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("\"hex\" is not hexadecimal: " + e.getMessage());
        }
        try {
            return Transaction.parse(bytes);
        } catch (MalformedDataException e) {
            throw new BadRequest("\"hex\" is not a transaction: " + e.getMessage());
        }
    }

    private <T> T body(Context ctx, Class<T> type, String form) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw new BadRequest("the request needs a JSON body " + form);
        }
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw new BadRequest("the request needs a JSON body " + form);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new BadRequest("the body is not JSON of the form " + form + ": " + e.getOriginalMessage());
        }
    }

    private static void error(Context ctx, HttpStatus status, String message) {
        ctx.status(status).json(new ErrorResponse(message));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getCause().getMessage() != null)) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** Stops serving; requests in progress finish. Idempotent. */
    @Override
    public void close() {
        app.stop();
    }

    /** A request that is not what the route takes. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
