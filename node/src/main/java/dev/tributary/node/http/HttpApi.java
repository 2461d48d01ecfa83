package dev.tributary.node.http;

import dev.tributary.node.ServiceRoutes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.net.HostPort;
import dev.tributary.node.Node;
import dev.tributary.node.MiningService;
import dev.tributary.node.NodeService;
import dev.tributary.node.RoutedService;
import dev.tributary.node.NodeStatus;
import dev.tributary.node.http.ApiMessages.ErrorResponse;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The node's HTTP server (Javalin, JSON by Jackson): routes and bodies only, the work is the services'. It serves
 * {@code GET /status} and every service's routes ({@link NodeService#routes}) under {@code /NAME/...}, and at the
 * root too when the node runs one service, or one service with peers beside services without (databases):
 *
 * <pre>
 *  GET  /status   -> {"peers": n, "services": {"regtest": {...}, "dagtest": {...}}}, and, for a node running one
 *                    service, that service's section at the top level too ({"mode", "height", "tip", ...})
 *  GET  /metrics  -> every meter of the node in Prometheus's text format (see {@link Node#scrapeMetrics})
 *  GET  /peers    -> [{"address", "direction", "userAgent", "height", "score", "bytesIn", ...}] (see {@link PeerRows})
 *  GET  /events   -> server-sent events: status, peers, tip, peer, progress (see {@link EventFeed})
 *  GET  /         -> the dashboard page, its scripts and styles under /dashboard/ (see {@link DashboardPage})
 *  POST /regtest/mine, POST /mine, ...   (see {@link MiningRoutes})
 * </pre>
 *
 * Who may do what is {@link HttpAccess}'s: a write (any method but GET and HEAD) without its token is answered 401,
 * one whose {@code Origin} is another site 403; no answer carries CORS headers; a non-loopback address is bound
 * only when it allows remote access.
 *
 * Bad requests get a 4xx answer {@code {"error": "..."}} saying what was wrong: 400 for a body that is not the
 * documented JSON or a value out of range ({@link BadRequest}, {@link IllegalArgumentException}), 409 for what
 * the service does not do ({@link UnsupportedOperationException}), 404 for an unknown path, 405 for a path that
 * takes another method, 408 for a body that stops arriving short of its {@code Content-Length} (for
 * {@link RequestBodyTimeout#IDLE_MILLIS}), 413 for a body over {@link #MAX_BODY_BYTES}, 415 for a body that says it
 * is not JSON, 500 (and a log line) for a failure of the node. Requests run on
 * Jetty's threads ({@code http-N}) and reach the engine thread through {@code Node.call}, one task per request.
 */
public final class HttpApi implements AutoCloseable {
    /** Most blocks one {@code POST /mine} mines. */
    public static final int MAX_BLOCKS_PER_REQUEST = MiningRoutes.MAX_BLOCKS_PER_REQUEST;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HttpApi.class);
    private static final int THREADS = 8;
    /** Largest request body: a largest transaction (4,000,000 bytes) in hex, with room for its JSON. */
    public static final long MAX_BODY_BYTES = 2L * 4_000_000 + 1024;

    private static final Pattern PATH_PARAM = Pattern.compile("\\{[^}/]+}|<[^>/]+>");

    private final Node node;
    private final HttpAccess access;
    private final ObjectMapper json = new ObjectMapper();
    private final Javalin app;
    private final List<String> routeList = new ArrayList<>();
    private final EventFeed events;
    /** What ends the services' long-lived answers ({@link ServiceRoutes#onStop}), run before the server stops. */
    private final List<Runnable> streamEnds = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** {@code http://HOST:PORT/}, set once the API listens. */
    private volatile String url;

    private HttpApi(Node node, HttpAccess access) {
        this.node = node;
        this.access = access;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.jsonMapper(new JavalinJackson(json, false));
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            QueuedThreadPool pool = new QueuedThreadPool(THREADS, 2);
            pool.setName("http");
            config.jetty.threadPool = pool;
            config.jetty.modifyServer(server -> server.setErrorHandler(new BadMessageAnswer()));
        });
        this.events = new EventFeed(node, json, this::statusBody);
        routes();
    }

    /**
     * Serves the API of {@code node} on {@code address} (port 0: an ephemeral port, see {@link #port()}).
     *
     * @throws IllegalStateException naming the address when it cannot be bound
     */
    public static HttpApi start(Node node, InetSocketAddress address) {
        return start(node, address, HttpAccess.open());
    }

    /**
     * Serves the API of {@code node} on {@code address} to those {@code access} lets in: writes need its token, and
     * a non-loopback address is refused unless it allows remote access.
     *
     * @throws IllegalStateException naming the address when it may not or cannot be bound
     */
    public static HttpApi start(Node node, InetSocketAddress address, HttpAccess access) {
        access.checkBindable(address);
        checkFree(address);
        HttpApi api = new HttpApi(node, access);
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        try {
            api.app.start(host, address.getPort());
        } catch (RuntimeException e) {
            api.app.stop();
            throw new IllegalStateException("cannot serve HTTP on " + HostPort.of(address) + ": " + rootMessage(e), e);
        }
        log.info("HTTP API listening on {}:{}", host, api.port());
        api.url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + api.port() + "/";
        log.info("Dashboard at {}", api.url);
        return api;
    }

    /**
     * Checks that {@code address} can be listened on now (a port in use, an address of another machine), so that
     * a command can say so in one line before it creates anything, and the server does not log its own failure.
     *
     * @throws IllegalStateException saying why it cannot
     */
    public static void checkFree(InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new IllegalStateException("cannot serve HTTP on " + HostPort.of(address) + ": cannot resolve host "
                    + address.getHostString());
        }
        if (address.getPort() == 0) {
            return; // any free port
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true); // as the server binds: a port left in TIME_WAIT is free
            probe.bind(address);
        } catch (java.net.BindException e) {
            throw new IllegalStateException("cannot serve HTTP on " + HostPort.of(address) + ": "
                    + dev.tributary.node.ListenFailure.reason(e), e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot serve HTTP on " + HostPort.of(address) + ": " + e.getMessage(), e);
        }
    }

    /** The API's root URL, {@code http://HOST:PORT/}, once it listens. */
    public String url() {
        return url;
    }

    /** The port the API listens on. */
    public int port() {
        return app.port();
    }

    /** A service's routes: its own ({@link RoutedService}), and mining's for a {@link MiningService}. */
    private static void serviceRoutes(NodeService s, ServiceRoutes routes) {
        if (s instanceof MiningService miner) {
            MiningRoutes.register(routes, miner);
        }
        if (s instanceof RoutedService routed) {
            routed.routes(routes);
        }
    }

    private void routes() {
        app.before(this::guard);
        routeList.add("GET /status");
        app.get("/status", this::status);
        routeList.add("GET /metrics");
        app.get("/metrics", this::metrics);
        routeList.add("GET /peers");
        app.get("/peers", ctx -> ctx.json(node.call(() -> PeerRows.all(node))));
        routeList.add("GET /events");
        app.get("/events", events::handle);
        DashboardPage page = new DashboardPage();
        routeList.add("GET /");
        app.get("/", page::index);
        app.get("/dashboard/{file}", page::file);
        app.get("/dashboard/vendor/{file}", page::vendor);
        List<NodeService> services = node.services();
        NodeService root = rootService(services);
        for (NodeService s : services) {
            serviceRoutes(s, prefixed("/" + s.name()));
            if (s == root) {
                serviceRoutes(s, prefixed(""));
            }
        }
        app.exception(HttpResponseException.class, this::answer);
        app.exception(BadRequest.class, (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
        app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
        app.exception(UnsupportedOperationException.class, (e, ctx) -> error(ctx, HttpStatus.CONFLICT, e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            log.warn("HTTP {} {} failed: {}", ctx.method(), ctx.path(), rootMessage(e), e);
            error(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "the node failed to answer: " + storeMessage(e));
        });
        app.error(HttpStatus.NOT_FOUND, ctx -> {
            if (!isJson(ctx)) {
                error(ctx, HttpStatus.NOT_FOUND, notFound(ctx));
            }
        });
        app.error(HttpStatus.METHOD_NOT_ALLOWED, ctx -> {
            if (!isJson(ctx)) {
                error(ctx, HttpStatus.METHOD_NOT_ALLOWED, notAllowed(ctx));
            }
        });
    }

    /** A route's own error answer (a JSON error, or the XML diagnosis of the record routes) is kept. */
    private static boolean isJson(Context ctx) {
        return ctx.result() != null && (ctx.result().startsWith("{") || ctx.result().startsWith("<"));
    }

    /**
     * Javalin's own refusals (405 wrong method, 413 body too large, ...) as JSON with their status, like every
     * other error.
     */
    private void answer(HttpResponseException e, Context ctx) {
        HttpStatus status = HttpStatus.forStatus(e.getStatus());
        String message = switch (status) {
            case METHOD_NOT_ALLOWED -> notAllowed(ctx);
            case NOT_FOUND -> notFound(ctx);
            case CONTENT_TOO_LARGE -> "the body is larger than " + MAX_BODY_BYTES + " bytes";
            default -> e.getMessage();
        };
        error(ctx, status, message);
    }

    private String notFound(Context ctx) {
        return NearRoutes.notFound(String.valueOf(ctx.method()), ctx.path(), routeList);
    }

    /** The 405 message, with the {@code Allow} header naming the methods the path takes. */
    private String notAllowed(Context ctx) {
        List<String> methods = routeList.stream().filter(r -> matches(r.substring(r.indexOf(' ') + 1), ctx.path()))
                .map(r -> r.substring(0, r.indexOf(' '))).distinct().toList();
        ctx.header("Allow", String.join(", ", methods));
        return ctx.method() + " is not allowed on " + ctx.path() + "; it takes " + (methods.isEmpty() ? "no method"
                : methods.size() == 1 ? methods.get(0) : String.join(", ", methods.subList(0, methods.size() - 1))
                        + " or " + methods.get(methods.size() - 1));
    }

    /** Whether {@code path} is one of the paths of the route pattern {@code pattern} ({@code /db/{db}/get}). */
    static boolean matches(String pattern, String path) {
        StringBuilder regex = new StringBuilder();
        Matcher m = PATH_PARAM.matcher(pattern);
        int at = 0;
        while (m.find()) {
            regex.append(Pattern.quote(pattern.substring(at, m.start()))).append(m.group().startsWith("{") ? "[^/]+" : ".+");
            at = m.end();
        }
        regex.append(Pattern.quote(pattern.substring(at)));
        return path.matches(regex + "/?");
    }

    /**
     * A POST body is JSON (routes registered with {@link ServiceRoutes#postAnyBody} excepted): a request that says it
     * is something else is answered 415. No type, JSON's, {@code text/plain} and {@code application/x-www-form-urlencoded} (which
     * {@code curl -d} sends unless told otherwise) are read as JSON.
     */
    private static void requireJsonBody(Context ctx) {
        if (!"POST".equals(ctx.method().name())) {
            return;
        }
        String type = ctx.contentType();
        if (type == null || type.isBlank()) {
            return;
        }
        String mime = type.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        if (mime.equals("application/json") || mime.endsWith("+json") || mime.equals("application/x-www-form-urlencoded")
                || mime.equals("text/plain")) {
            return;
        }
        throw new HttpResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE.getCode(),
                "the body must be JSON (Content-Type: application/json), not " + mime);
    }

    private ServiceRoutes prefixed(String prefix) {
        return new ServiceRoutes() {
            @Override
            public void get(String path, Handler handler) {
                routeList.add("GET " + prefix + path);
                app.get(prefix + path, handler);
            }

            @Override
            public void post(String path, Handler handler) {
                routeList.add("POST " + prefix + path);
                app.post(prefix + path, ctx -> {
                    requireJsonBody(ctx);
                    handler.handle(ctx);
                });
            }

            @Override
            public void postAnyBody(String path, Handler handler) {
                routeList.add("POST " + prefix + path);
                app.post(prefix + path, handler);
            }

            @Override
            public void delete(String path, Handler handler) {
                routeList.add("DELETE " + prefix + path);
                app.delete(prefix + path, handler);
            }

            @Override
            public void otherMethods(String path, Handler handler) {
                app.put(prefix + path, handler);
                app.patch(prefix + path, handler);
            }

            @Override
            public void onStop(Runnable endStreams) {
                streamEnds.add(endStreams);
            }
        };
    }

    /**
     * The service served at the root too: the node's one service, or its one chain or DAG (the one
     * {@link MiningService}) beside services of other kinds (the databases, the record endpoints, which have peers
     * of their own); null when the node runs several chains or DAGs, or none.
     */
    static NodeService rootService(List<NodeService> services) {
        if (services.size() == 1) {
            return services.get(0);
        }
        List<NodeService> ledgers = services.stream().filter(s -> s instanceof MiningService).toList();
        return ledgers.size() == 1 ? ledgers.get(0) : null;
    }

    /**
     * Lets reads through, and requests no route takes (on to their 404 or 405); a write needs the token
     * ({@link HttpAccess}, 401 without it) and, when the client says where it comes from ({@code Origin}, as browsers
     * do), to come from this server's own pages (403 otherwise). A write's body is then read
     * ({@link RequestBodyTimeout}: 408 when it stops arriving).
     */
    private void guard(Context ctx) {
        String method = ctx.method().name();
        if (method.equals("GET") || method.equals("HEAD") || !routed(method, ctx.path())) {
            return; // a read, or a request no route takes (a 404 or 405 follows, which changes nothing)
        }
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equals("http://" + ctx.host())) {
            throw new HttpResponseException(HttpStatus.FORBIDDEN.getCode(), "cross-origin requests are refused (this"
                    + " request came from " + origin + ")");
        }
        String sent = ctx.header("Authorization");
        if (!access.authorizes(sent)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new HttpResponseException(HttpStatus.UNAUTHORIZED.getCode(), (sent == null
                    ? needsToken(ctx.path())
                    : "the Authorization header sent does not hold this node's token")
                    + ": send the header Authorization: Bearer TOKEN, where TOKEN is the content of "
                    + CookieFile.NAME + " in the node's data directory");
        }
        RequestBodyTimeout.read(ctx, RequestBodyTimeout.IDLE_MILLIS);
    }

    /**
     * Why a write without a token is refused, in the request's terms: a record collection's {@code $syncVerify}
     * changes nothing, but it reads every row's content (as hashes), which is the token's to allow.
     */
    static String needsToken(String path) {
        return path.endsWith("/$syncVerify")
                ? "a verify reads the hashes of the collection's rows and needs the node's token"
                : "this request changes the node and needs its token";
    }

    /** Whether a route takes {@code method} on {@code path}. */
    private boolean routed(String method, String path) {
        return routeList.stream()
                .anyMatch(r -> r.startsWith(method + " ") && matches(r.substring(method.length() + 1), path));
    }

    /** {@code GET /metrics}: every meter of the node in Prometheus's text format (version 0.0.4). */
    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(node.scrapeMetrics());
    }

    private void status(Context ctx) {
        ctx.json(statusBody());
    }

    /** The body of {@code GET /status}. Any thread. */
    private ObjectNode statusBody() {
        NodeStatus s = node.status();
        ObjectNode body = json.createObjectNode();
        NodeService root = rootService(node.services());
        if (root != null && s.services().get(root.name()) != null) {
            body.setAll((ObjectNode) json.valueToTree(s.services().get(root.name())));
        }
        body.put("peers", s.peers());
        ObjectNode sections = body.putObject("services");
        for (Map.Entry<String, Object> e : s.services().entrySet()) {
            sections.set(e.getKey(), json.valueToTree(e.getValue()));
        }
        return body;
    }

    private static void error(Context ctx, HttpStatus status, String message) {
        ctx.status(status).json(new ErrorResponse(message));
    }

    /** The innermost message, without Java's class names (the log has the whole failure). */
    /**
     * A store's failure in its own words (they name the database and table and what failed, where the driver's below
     * them say only what the database said), else {@link #rootMessage}.
     */
    private static String storeMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof dev.tributary.store.StoreException && t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return rootMessage(e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getCause().getMessage() != null)) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? "" : t.getMessage()
                .replaceAll("\\b(?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*", "").strip();
        return message.isEmpty() ? "an internal failure (see its log)" : message;
    }

    /**
     * Stops serving; requests in progress finish, streams (the event feed, the services' such as a database's watch)
     * ended first, so that none holds the stop up. Idempotent.
     */
    @Override
    public void close() {
        events.close();
        for (Runnable end : streamEnds) {
            try {
                end.run();
            } catch (RuntimeException e) {
                log.warn("ending a stream at stop failed: {}", rootMessage(e), e);
            }
        }
        app.stop();
    }
}
