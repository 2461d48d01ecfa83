package dev.tributary.node.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.net.PeerNetwork;
import dev.tributary.node.NodeService;
import dev.tributary.node.RoutedService;
import dev.tributary.node.ServiceRoutes;
import dev.tributary.records.atom.AtomReader;
import dev.tributary.records.atom.MalformedDocumentException;
import dev.tributary.records.atom.ResultEntryDocument;
import dev.tributary.records.atom.ResultFeedDocument;
import dev.tributary.node.http.JsonSyntax;
import dev.tributary.node.http.QueryParameters;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event manager of record sync (SData sync 3.2, step 4): engines POST the target's diagnostics of each page
 * (an Atom result feed, as the target answered it) or of a failed pass (JSON {@code $diagnoses}) to
 * {@code POST /events/diagnostics?runName=&runStamp=&source=&target=}; it keeps them per run ({@link EventLog},
 * bounded), answers {@code GET /events/runs[?limit=N]} and {@code GET /events/run?runName=&runStamp=} in JSON (a
 * GET with another query parameter, or a limit that is not a whole number 1 or more, is answered 400), and raises an
 * alert for every report holding conflicts or failures: a log line, and a POST of a JSON alert to the webhook URL
 * when one is configured (at most 64 in flight; more are dropped with a log line; a webhook that fails is logged).
 */
public final class EventsService implements RoutedService {
    /** The service's name, and the prefix of its routes. */
    public static final String NAME = "events";
    private static final Logger LOG = LoggerFactory.getLogger(EventsService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 16 << 20;
    /** Runs the status (and so the dashboard) shows, newest first, and diagnostics shown per run. */
    private static final int STATUS_RUNS = 10;
    private static final int STATUS_DIAGNOSTICS = 3;

    private final EventLog log;
    private final URI webhook;
    private final HttpClient http;
    private final Semaphore inFlight = new Semaphore(64);

    private EventsService(URI webhook, int maxRuns) {
        this.log = new EventLog(maxRuns, 1000);
        this.webhook = webhook;
        this.http = webhook == null ? null : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A factory of the event manager keeping the last {@code maxRuns} runs, alerting {@code webhook} (or null). */
    public static NodeService.Factory factory(URI webhook, int maxRuns) {
        return context -> new EventsService(webhook, maxRuns);
    }

    /** The event manager of {@code node}. */
    public static EventsService of(dev.tributary.node.Node node) {
        return node.service(EventsService.class);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<PeerNetwork> networks() {
        return List.of();
    }

    @Override
    public Object status() {
        return Map.of("runs", log.size(), "webhook", webhook == null ? "none" : webhook.toString(),
                "recentRuns", log.recent(STATUS_RUNS, STATUS_DIAGNOSTICS));
    }

    @Override
    public void routes(ServiceRoutes routes) {
        routes.postAnyBody("/diagnostics", this::receive);
        routes.get("/runs", this::runs);
        routes.get("/run", this::run);
    }

    private void runs(Context ctx) {
        OptionalInt limit;
        try {
            QueryParameters.only(ctx, "GET /events/runs", "limit");
            limit = QueryParameters.wholeNumber(ctx, "limit", 1, Integer.MAX_VALUE);
        } catch (IllegalArgumentException e) {
            problem(ctx, 400, e.getMessage());
            return;
        }
        List<EventLog.Run> runs = log.runs();
        if (limit.isPresent() && runs.size() > limit.getAsInt()) {
            runs = runs.subList(runs.size() - limit.getAsInt(), runs.size());
        }
        ctx.json(Map.of("runs", runs));
    }

    private void run(Context ctx) {
        try {
            QueryParameters.only(ctx, "GET /events/run", "runName", "runStamp");
        } catch (IllegalArgumentException e) {
            problem(ctx, 400, e.getMessage());
            return;
        }
        String name = ctx.queryParam("runName");
        String stamp = ctx.queryParam("runStamp");
        if (name == null || stamp == null) {
            problem(ctx, 400, "name the run: ?runName=NAME&runStamp=STAMP");
            return;
        }
        log.run(name, stamp).ifPresentOrElse(ctx::json,
                () -> problem(ctx, 404, "no run " + name + " at " + stamp + " (never reported, or no longer kept)"));
    }

    private void receive(Context ctx) {
        String name = ctx.queryParam("runName");
        String stamp = ctx.queryParam("runStamp");
        if (name == null || stamp == null) {
            problem(ctx, 400, "diagnostics need their run: ?runName=NAME&runStamp=STAMP");
            return;
        }
        if (ctx.contentLength() > MAX_BODY) {
            problem(ctx, 413, "diagnostics of more than " + MAX_BODY + " bytes");
            return;
        }
        byte[] body = ctx.bodyAsBytes();
        List<EventLog.Diagnostic> diagnostics = new ArrayList<>();
        int entries;
        try {
            entries = RequestBodies.kind(ctx.header("Content-Type"), body, true) == RequestBodies.Kind.JSON
                    ? json(body, diagnostics) : atom(body, diagnostics);
        } catch (RecordsRoutes.Refusal e) {
            problem(ctx, e.status, e.status == 415 ? "diagnostics are an Atom result feed or JSON $diagnoses: "
                    + e.getMessage() : e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            problem(ctx, 400, e.getMessage());
            return;
        }
        String source = ctx.queryParam("source");
        String target = ctx.queryParam("target");
        log.report(name, stamp, source, target, entries, diagnostics);
        alert(name, stamp, source, target, diagnostics);
        ctx.status(200).json(Map.of("kept", diagnostics.size()));
    }

    /** Reads a result feed: one diagnostic per entry that was not simply applied. Returns the entry count. */
    private static int atom(byte[] body, List<EventLog.Diagnostic> out) {
        ResultFeedDocument feed;
        try {
            feed = new AtomReader().readResults(new ByteArrayInputStream(body));
        } catch (MalformedDocumentException e) {
            throw new IllegalArgumentException("not a result feed: " + e.getMessage());
        }
        String now = Instant.now().toString();
        for (ResultEntryDocument r : feed.entries()) {
            if (r.diagnosis() != null || r.httpStatus() >= 400) {
                out.add(new EventLog.Diagnostic(now, r.uuid(), r.httpStatus(),
                        r.diagnosis() == null ? "error" : r.diagnosis().severity(),
                        r.diagnosis() == null ? null : r.diagnosis().applicationCode(),
                        r.diagnosis() == null ? r.httpMessage() : r.diagnosis().message()));
            }
        }
        return feed.entries().size();
    }

    /** Reads {@code {"$diagnoses": [{"$severity", "$applicationCode", "$message"}...]}}. Returns 0 entries. */
    private static int json(byte[] body, List<EventLog.Diagnostic> out) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + JsonSyntax.describe(e));
        } catch (IOException e) {
            throw new IllegalArgumentException("the body cannot be read: " + e.getMessage());
        }
        JsonNode list = root == null ? null : root.get("$diagnoses");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("JSON diagnostics are {\"$diagnoses\": [...]}");
        }
        String now = Instant.now().toString();
        for (JsonNode d : list) {
            out.add(new EventLog.Diagnostic(now, text(d, "$uuid"), 0, text(d, "$severity"), text(d, "$applicationCode"),
                    text(d, "$message")));
        }
        return 0;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private void alert(String name, String stamp, String source, String target, List<EventLog.Diagnostic> diagnostics) {
        int conflicts = (int) diagnostics.stream().filter(EventLog::isConflict).count();
        int failures = (int) diagnostics.stream().filter(EventLog::isFailure).count();
        if (conflicts == 0 && failures == 0) {
            return;
        }
        String first = diagnostics.stream().filter(d -> EventLog.isConflict(d) || EventLog.isFailure(d))
                .map(d -> (d.uuid() == null ? "" : d.uuid() + ": ") + d.message()).findFirst().orElse("");
        LOG.warn("alert: run {} ({}) {} -> {}: {} conflicts, {} failures; first: {}", name, stamp, source, target,
                conflicts, failures, first);
        if (webhook == null) {
            return;
        }
        if (!inFlight.tryAcquire()) {
            LOG.warn("alert for run {} not sent to {}: 64 alerts already in flight", name, webhook);
            return;
        }
        ObjectNode a = JSON.createObjectNode();
        a.put("alert", failures > 0 ? "failure" : "conflict");
        a.put("runName", name);
        a.put("runStamp", stamp);
        a.put("source", source);
        a.put("target", target);
        a.put("conflicts", conflicts);
        a.put("failures", failures);
        a.put("first", first);
        HttpRequest req = HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(a.toString())).build();
        http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
            inFlight.release();
            if (e != null) {
                LOG.warn("alert webhook {} cannot be reached: {}", webhook, e.getMessage());
            } else if (r.statusCode() / 100 != 2) {
                LOG.warn("alert webhook {} answered {}", webhook, r.statusCode());
            }
        });
    }

    private static void problem(Context ctx, int status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        ctx.status(status).json(m);
    }
}
