package dev.tributary.node.records;

import dev.tributary.records.Digest;
import dev.tributary.records.EntryResult;
import dev.tributary.records.FeedCursor;
import dev.tributary.records.Record;
import dev.tributary.records.RecordCollection;
import dev.tributary.records.SourcePass;
import dev.tributary.records.TargetApplier;
import dev.tributary.records.atom.AtomLink;
import dev.tributary.records.atom.DigestDocument;
import dev.tributary.records.atom.Diagnosis;
import dev.tributary.records.atom.MalformedDocumentException;
import dev.tributary.records.atom.ResultEntryDocument;
import dev.tributary.records.atom.ResultFeedDocument;
import dev.tributary.records.atom.SyncEntryDocument;
import dev.tributary.records.atom.SyncFeedDocument;
import dev.tributary.records.atom.Tracking;
import dev.tributary.node.ServiceRoutes;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The provider URLs of one collection (SData sync 4.1, {@code shared/data/sdata/protocol.md} section 2), under
 * {@code /records/KIND/}:
 *
 * <pre>
 *  GET    /records/KIND itself                 the collection described, JSON: name, endpoint, key, live
 *                                              records, the URLs of its sync operations
 *  GET    $syncDigest                          the digest (an Atom entry)
 *  POST   $syncSource?trackingID=&amp;runName=&amp;runStamp=   body: the target's digest. With a trackingID: 202, Location
 *                                              $syncSource('ID') and a tracking payload; without: 200 and page 1
 *  GET    $syncSource('ID')[?cursor=C]         a page; its next link is the next page's URL
 *  DELETE $syncSource('ID')                    forgets the pass
 *  POST   $syncTarget?trackingID=&amp;runName=&amp;runStamp=   body: a page. With a trackingID: 202, Location and
 *                                              tracking (a repeated POST with the same id applies nothing twice);
 *                                              without: 200 and the result feed. A refused page: 400, diagnoses
 *                                              With a trackingID and Prefer: return=representation: applied as
 *                                              with a trackingID (a repeat applies nothing twice), answered 200 and
 *                                              the result feed, no GET or DELETE needed
 *  GET    $syncTarget('ID')                    the result feed
 *  DELETE $syncTarget('ID')                    forgets it
 *  POST   $syncResults?runName=&amp;runStamp=       a target's results sent back to the source: accepted (200)
 *  POST   $syncVerify                          body: JSON key ranges; answers their fingerprints, parts or rows;
 *                                              or JSON keys; answers their rows' hashes (the verify pass, beyond
 *                                              the specification; {@link VerifyJson})
 *  POST   $syncReissue                         body: JSON {"keys": [...]}; reissues those records as new changes of
 *                                              this endpoint, for the next pass to carry (the verify pass's repair)
 * </pre>
 *
 * The work is synchronous, so a polled Location answers 200 at once. POSTs and DELETEs need the configured token.
 * Errors: 400 (a body that is not a document, a refused page, a page from another run), 401 (no or a wrong
 * token), 404 (an unknown collection, operation or tracking id), 405, 413 (a body over the limit), each with
 * {@code sdata:diagnoses} saying why, its SData code agreeing with the status ({@link Refusal}).
 */
final class RecordsRoutes {
    private static final Pattern WAIT = Pattern.compile("(?i)(?:^|[,;\\s])wait\\s*=\\s*(\\d{1,12})");
    private static final Pattern OP = Pattern.compile("\\$(syncDigest|syncSource|syncTarget|syncResults|syncVerify"
            + "|syncReissue)(?:\\('([^'()/]{1,128})'\\))?");
    private final String kind;
    private final RecordCollection collection;
    private final RecordsConfig config;
    private final Contexts contexts;

    /** The contexts of one collection, shared by its routes at the root and under the service's prefix. */
    static final class Contexts {
        final SyncContexts<SourceContext> sources;
        final SyncContexts<TargetContext> targets;
        final CollectionActivity activity = new CollectionActivity();
        final DigestWatch watch;

        /** The pages last answered with their results at once, whose results are kept for a repeated POST. */
        private final java.util.ArrayDeque<TargetContext> answeredAtOnce = new java.util.ArrayDeque<>();

        Contexts(int capacity, DigestWatch watch) {
            sources = new SyncContexts<>(capacity);
            targets = new SyncContexts<>(capacity);
            this.watch = watch;
        }

        /**
         * {@code c}'s page was answered with its results at once: its results are kept while it is among the last
         * {@link #KEPT_RESULTS} so answered (an engine whose answer was lost may POST it again), then forgotten, so a
         * pass of many pages leaves no results behind for lack of DELETEs.
         */
        synchronized void answeredAtOnce(TargetContext c) {
            answeredAtOnce.addLast(c);
            while (answeredAtOnce.size() > KEPT_RESULTS) {
                answeredAtOnce.removeFirst().forgetResults();
            }
        }
    }

    /** How many pages answered with their results at once keep them ({@link Contexts#answeredAtOnce}). */
    static final int KEPT_RESULTS = 4;

    /** {@code Prefer: return=representation} (RFC 7240): the consumer wants the results in the POST's answer. */
    private static final Pattern RETURN_REPRESENTATION = Pattern.compile("(?i)(?:^|[,;\\s])return\\s*=\\s*\"?representation\\b");

    /**
     * Whether the request asks for the results in the answer to its POST ({@code Prefer: return=representation}),
     * not behind a Location: the engine's way of saving a page's GET and DELETE while keeping its trackingID.
     */
    private static boolean prefersResults(Context ctx) {
        String prefer = ctx.header("Prefer");
        return prefer != null && RETURN_REPRESENTATION.matcher(prefer).find();
    }

    record SourceContext(SourcePass pass, String runName, String runStamp) {
    }

    /**
     * A page applied under a tracking id, and its results until they are forgotten: a page answered with its
     * results at once ({@link #prefersResults}) has them kept only while it is among the last few so answered
     * ({@link Contexts#answeredAtOnce}); its id stays, so that a repeated POST still applies nothing twice.
     */
    static final class TargetContext {
        private volatile ResultFeedDocument results;

        TargetContext(ResultFeedDocument results) {
            this.results = results;
        }

        /** The results, or empty once forgotten. */
        Optional<ResultFeedDocument> results() {
            return Optional.ofNullable(results);
        }

        void forgetResults() {
            results = null;
        }
    }

    RecordsRoutes(String kind, RecordCollection collection, RecordsConfig config, Contexts contexts) {
        this.kind = kind;
        this.collection = collection;
        this.config = config;
        this.contexts = contexts;
    }

    void register(ServiceRoutes routes) {
        routes.get("/" + kind, this::describe);
        routes.get("/" + kind + "/{op}", this::get);
        routes.postAnyBody("/" + kind + "/{op}", this::post);
        routes.delete("/" + kind + "/{op}", this::delete);
        routes.onStop(contexts.watch::endWaits); // a long poll on the digest ends at once when the server stops
        routes.otherMethods("/" + kind + "/{op}", ctx -> handle(ctx, () -> {
            throw notAllowed(ctx, op(ctx));
        }));
    }

    /**
     * Answers a request to a collection this node does not serve ({@code /records/KIND/...} of an unknown KIND):
     * 404, one line naming it and the collections served. Registered after every collection's own routes.
     */
    static void registerUnknown(ServiceRoutes routes, java.util.Collection<String> kinds) {
        String known = kinds.stream().sorted().collect(java.util.stream.Collectors.joining(", "));
        io.javalin.http.Handler unknown = ctx -> handle(ctx, () -> {
            throw new Refusal(404, Refusal.RESOURCE_KIND_NOT_FOUND, "unknownCollection", "no record collection '" + ctx.pathParam("kind")
                    + "' here; " + (kinds.size() == 1 ? "the collection is " : "the collections are ") + known);
        });
        routes.get("/{kind}", unknown);
        routes.get("/{kind}/{op}", unknown);
        routes.postAnyBody("/{kind}/{op}", unknown);
        routes.delete("/{kind}/{op}", unknown);
        routes.otherMethods("/{kind}/{op}", unknown);
    }

    /** The methods {@code op} takes: a context ({@code $syncSource('ID')}) is read and deleted, the URL posted to. */
    private static List<String> allowed(Op op) {
        return switch (op.name()) {
            case "syncDigest" -> List.of("GET");
            case "syncSource", "syncTarget" -> op.id() != null ? List.of("GET", "DELETE") : List.of("POST");
            default -> List.of("POST");
        };
    }

    /** 405 for a method {@code op} does not take, naming those it takes (and the header {@code Allow}). */
    private static Refusal notAllowed(Context ctx, Op op) {
        List<String> methods = allowed(op);
        ctx.header("Allow", String.join(", ", methods));
        String where = "$" + op.name() + (op.id() != null ? "('" + op.id() + "')" : "");
        String other = switch (op.name()) {
            case "syncSource", "syncTarget" -> op.id() != null ? " (POST goes to $" + op.name() + ")"
                    : " (GET and DELETE go to a context, $" + op.name() + "('ID'))";
            default -> "";
        };
        return new Refusal(405, "method", ctx.method() + " is not allowed on " + where + "; it takes "
                + String.join(" or ", methods) + other);
    }

    private record Op(String name, String id) {
    }

    private Op op(Context ctx) throws Refusal {
        Matcher m = OP.matcher(ctx.pathParam("op"));
        if (!m.matches()) {
            throw new Refusal(404, "unknownOperation", "no resource " + ctx.pathParam("op") + " on " + kind
                    + " (the sync URLs are $syncDigest, $syncSource, $syncTarget, $syncResults, $syncVerify and"
                    + " $syncReissue)");
        }
        return new Op(m.group(1), m.group(2));
    }

    /**
     * {@code GET /records/KIND}, the collection's own URL (the one {@code records sync} takes): a JSON description
     * of it, its name, endpoint, key, live records and the URLs of its sync operations, so that the URL a user
     * tries first answers what it is and where to go.
     */
    private void describe(Context ctx) {
        handle(ctx, () -> {
            String self = ctx.url().replaceAll("/+$", "");
            Map<String, Object> links = new LinkedHashMap<>();
            for (String op : List.of("syncDigest", "syncSource", "syncTarget", "syncResults", "syncVerify")) {
                links.put(op, self + "/$" + op);
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("collection", kind);
            d.put("endpoint", collection.endpoint());
            d.put("key", collection.store() instanceof TableRecordStore t ? t.keyColumn() : "sdata:uuid");
            d.put("records", collection.store().countLive(dev.tributary.records.KeyRange.ALL));
            d.put("links", links);
            ctx.status(200).json(d);
        });
    }

    private void get(Context ctx) {
        handle(ctx, () -> {
            Op op = op(ctx);
            if (!allowed(op).contains("GET")) {
                throw notAllowed(ctx, op);
            }
            switch (op.name()) {
                case "syncDigest" -> digest(ctx);
                case "syncSource" -> sourcePage(ctx, sourceContext(op), op.id());
                default -> answer(ctx, 200, format(ctx).feedType(), format(ctx).results(results(targetContext(op), op.id())));
            }
        });
    }

    private void post(Context ctx) {
        handle(ctx, () -> {
            authorize(ctx);
            Op op = op(ctx);
            if (!allowed(op).contains("POST")) {
                throw notAllowed(ctx, op);
            }
            byte[] body = body(ctx);
            boolean verify = op.name().equals("syncVerify") || op.name().equals("syncReissue");
            Formats.body(ctx, body, !verify);
            switch (op.name()) {
                case "syncSource" -> sourcePost(ctx, body);
                case "syncTarget" -> targetPost(ctx, body);
                case "syncResults" -> answer(ctx, 200, format(ctx).plainType(), format(ctx).diagnoses(List.of()));
                case "syncVerify" -> verifyPost(ctx, body);
                default -> reissuePost(ctx, body);
            }
        });
    }

    private void delete(Context ctx) {
        handle(ctx, () -> {
            authorize(ctx);
            Op op = op(ctx);
            if (!allowed(op).contains("DELETE")) {
                throw notAllowed(ctx, op);
            }
            boolean removed = op.name().equals("syncSource") ? contexts.sources.remove(op.id())
                    : contexts.targets.remove(op.id());
            if (!removed) {
                throw new Refusal(404, "unknownTrackingId", "no context " + op.id() + " on $" + op.name());
            }
            answer(ctx, 200, format(ctx).plainType(), format(ctx).diagnoses(List.of()));
        });
    }

    private void sourcePost(Context ctx, byte[] body) throws Refusal {
        Digest target = readDigest(ctx, body);
        String tracking = trackingId(ctx);
        String id = tracking != null ? tracking : UUID.randomUUID().toString();
        SourceContext c = contexts.sources.getOrCreate(id, () -> new SourceContext(collection.startPass(target),
                ctx.queryParam("runName"), ctx.queryParam("runStamp"))).value();
        if (tracking == null) {
            sourcePage(ctx, c, id);
        } else {
            accepted(ctx, "$syncSource('" + id + "')");
        }
    }

    private void sourcePage(Context ctx, SourceContext c, String id) throws Refusal {
        sameRun(ctx, c.runName(), c.runStamp());
        String token = ctx.queryParam("cursor");
        FeedCursor cursor = token == null ? FeedCursor.START : FeedCursor.parse(token)
                .orElseThrow(() -> new Refusal(400, Refusal.BAD_QUERY_PARAMETER, "badCursor", "cursor " + token + " is not one this source wrote"));
        // a page's records weigh at most a quarter of the body limit: its Atom form, about twice as large, stays
        // well within what a target configured like this one takes
        SourcePass.Page page = c.pass().page(cursor, config.pageSize(), config.maxBodyBytes() / 4);
        String self = base(ctx) + "/$syncSource('" + id + "')";
        List<AtomLink> links = new ArrayList<>();
        links.add(new AtomLink("self", token == null ? self : self + "?cursor=" + token, AtomLink.FEED_TYPE));
        links.add(new AtomLink("first", self, AtomLink.FEED_TYPE));
        if (page.next() != null) {
            links.add(new AtomLink("next", self + "?cursor=" + page.next().token() + runParams(c), AtomLink.FEED_TYPE));
        }
        List<SyncEntryDocument> entries = new ArrayList<>();
        for (Record r : page.page().entries()) {
            entries.add(new SyncEntryDocument(collection.endpoint() + "('" + r.uuid() + "')", r.uuid(),
                    r.state().stamp(), r));
        }
        SyncFeedDocument feed = new SyncFeedDocument(self, kind + " changes", Instant.now(), links, page.page().mode(),
                page.page().digest(), kind, entries);
        answer(ctx, 200, format(ctx).feedType(), format(ctx).feed(feed));
        contexts.activity.served(entries.size());
    }

    private void targetPost(Context ctx, byte[] body) throws Refusal {
        SyncFeedDocument feed;
        try {
            feed = format(ctx).readFeed(body);
        } catch (MalformedDocumentException e) {
            throw new Refusal(400, "malformedFeed", e.getMessage());
        }
        String tracking = trackingId(ctx);
        if (tracking == null) {
            answer(ctx, 200, format(ctx).feedType(), format(ctx).results(apply(ctx, feed)));
            return;
        }
        Refusal[] refused = new Refusal[1];
        SyncContexts.Created<TargetContext> c = contexts.targets.getOrCreate(tracking, () -> {
            try {
                return new TargetContext(apply(ctx, feed));
            } catch (Refusal r) {
                refused[0] = r;
                return null;
            }
        });
        if (refused[0] != null) {
            contexts.targets.remove(tracking);
            throw refused[0];
        }
        if (!prefersResults(ctx)) {
            accepted(ctx, "$syncTarget('" + tracking + "')");
            return;
        }
        // the results at once, the trackingID still recorded: a repeated POST applies nothing twice
        ResultFeedDocument results = results(c.value(), tracking);
        if (c.isNew()) {
            contexts.answeredAtOnce(c.value());
        }
        ctx.header("Preference-Applied", "return=representation");
        ctx.status(200).contentType(format(ctx).feedType());
        try {
            // the status out first: the page is applied, and the engine may send the next one (another connection)
            // while this one's results are written
            ctx.res().flushBuffer();
            ctx.res().getOutputStream().write(format(ctx).results(results));
        } catch (java.io.IOException e) {
            // the engine went away: the page stays applied, its results kept for a repeated POST
            org.slf4j.LoggerFactory.getLogger(RecordsRoutes.class).debug("results of {} not sent: {}", tracking,
                    e.getMessage());
        }
    }

    /**
     * The results of a page applied under {@code tracking}.
     *
     * @throws Refusal 410 when they were answered at once and have been forgotten since
     */
    private static ResultFeedDocument results(TargetContext c, String tracking) throws Refusal {
        return c.results().orElseThrow(() -> new Refusal(410, "resultsGone", "the page posted with trackingID "
                + tracking + " was applied and its results answered with it; they are no longer kept (it is not"
                + " applied again)"));
    }

    private void verifyPost(Context ctx, byte[] body) throws Refusal {
        VerifyJson.Body request;
        try {
            request = VerifyJson.readBody(body);
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "badVerifyRequest", e.getMessage());
        }
        if (request instanceof VerifyJson.Keys k) {
            answer(ctx, 200, "application/json", VerifyJson.writeRows(
                    dev.tributary.records.verify.VerifyResponder.rows(collection.store(), k.keys())));
        } else {
            answer(ctx, 200, "application/json", VerifyJson.writeAnswers(dev.tributary.records.verify.VerifyResponder
                    .answer(collection.store(), ((VerifyJson.Ranges) request).request())));
        }
    }

    private void reissuePost(Context ctx, byte[] body) throws Refusal {
        java.util.Set<String> keys;
        try {
            keys = VerifyJson.readKeys(body);
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "badReissueRequest", e.getMessage());
        }
        answer(ctx, 200, "application/json", VerifyJson.writeReissued(collection.reissue(keys).size()));
    }

    private ResultFeedDocument apply(Context ctx, SyncFeedDocument feed) throws Refusal {
        TargetApplier.Reply reply = collection.apply(feed.toPage());
        if (reply instanceof TargetApplier.Refused r) {
            throw new Refusal(400, "refusedFeed", r.problem());
        }
        TargetApplier.Processed p = (TargetApplier.Processed) reply;
        Instant now = Instant.now();
        List<ResultEntryDocument> entries = new ArrayList<>();
        for (EntryResult r : p.results()) {
            String id = collection.endpoint() + "('" + r.uuid() + "')";
            Diagnosis diagnosis = r.outcome().applies() && !r.outcome().isConflict() ? null
                    : new Diagnosis(r.outcome().isConflict() ? "warning" : "info", "ApplicationDiagnosis",
                            r.outcome().name().toLowerCase(java.util.Locale.ROOT), r.message(), null);
            entries.add(new ResultEntryDocument(id, r.uuid(), now, r.uuid(), r.httpStatus(),
                    r.httpStatus() == 200 ? "OK" : "Conflict", r.httpMethod(),
                    "POST".equals(r.httpMethod()) ? id : null, etag(r.stateAfter()), r.stateAfter(), diagnosis));
        }
        contexts.activity.applied((int) entries.stream().filter(e -> e.httpMethod() != null).count(),
                (int) p.results().stream().filter(r -> r.outcome().isConflict()).count(),
                CollectionActivity.missing(feed.digest(), p.digest()));
        return new ResultFeedDocument(base(ctx) + "/$syncTarget", kind + " results", now, p.digest(), entries);
    }

    /** An entity tag of a record's version: its last change, (endpoint, tick), hashed. */
    private static String etag(dev.tributary.records.SyncState state) {
        byte[] h = SHA256.get().digest((state.endpoint() + "#" + state.tick()).getBytes(StandardCharsets.UTF_8));
        return java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(h, 16));
    }

    /** A SHA-256 per thread: looking one up costs more than hashing an entity tag's few bytes. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private SourceContext sourceContext(Op op) throws Refusal {
        return contexts.sources.get(op.id() == null ? "" : op.id()).orElseThrow(() -> new Refusal(404,
                "unknownTrackingId", "no pass " + op.id() + " on $syncSource (never started, deleted, or expired)"));
    }

    private TargetContext targetContext(Op op) throws Refusal {
        return contexts.targets.get(op.id() == null ? "" : op.id()).orElseThrow(() -> new Refusal(404,
                "unknownTrackingId", "no results " + op.id() + " on $syncTarget (never posted, deleted, or expired)"));
    }

    /**
     * The digest, with its entity tag. Given {@code If-None-Match} with the current tag: 304, or with {@code Prefer:
     * wait=SECONDS} the answer waits until the digest changes (200) or the wait ends (304); see {@link DigestWatch}.
     */
    private void digest(Context ctx) throws Refusal {
        RecordsFormat f = format(ctx);
        // what other applications changed is part of what this endpoint knows
        collection.absorbOutsideChanges();
        Digest now = collection.digest();
        String tag = DigestWatch.etag(now);
        String since = ctx.header("If-None-Match");
        if (since == null || !since.strip().equals(quoted(tag))) {
            answerDigest(ctx, f, now);
            return;
        }
        Duration wait = preferredWait(ctx.header("Prefer"));
        if (wait == null) {
            ctx.header("ETag", quoted(tag)).status(304);
            return;
        }
        CompletableFuture<Boolean> changed = contexts.watch.changedFrom(tag, wait);
        if (changed == null) {
            throw new Refusal(503, "busy", DigestWatch.MAX_WAITERS + " clients already wait on the digest of " + kind
                    + "; ask again without Prefer: wait, or later");
        }
        ctx.future(() -> changed.thenAccept(didChange -> {
            if (didChange == null) {
                // not a 304: that says the digest did not change, and a waiting engine would wait on
                answer(ctx, 503, f.plainType(), f.diagnoses(List.of(Diagnosis.error("stopping",
                        "the node is stopping: the wait for a change of the " + kind + " digest ended without one"))));
            } else if (didChange) {
                answerDigest(ctx, f, collection.digest());
            } else {
                ctx.header("ETag", quoted(tag)).status(304);
            }
        }));
    }

    private void answerDigest(Context ctx, RecordsFormat f, Digest d) {
        ctx.header("ETag", quoted(DigestWatch.etag(d)));
        answer(ctx, 200, f.entryType(), f.digest(new DigestDocument(base(ctx) + "/$syncDigest", kind + " digest",
                Instant.now(), d)));
    }

    private static String quoted(String tag) {
        return "\"" + tag + "\"";
    }

    /** {@code Prefer: wait=N} (RFC 7240) as a duration, or null when the header asks no wait. */
    private static Duration preferredWait(String prefer) throws Refusal {
        if (prefer == null) {
            return null;
        }
        Matcher m = WAIT.matcher(prefer);
        if (!m.find()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(m.group(1));
            return Duration.ofSeconds(Math.min(seconds, DigestWatch.MAX_WAIT.toSeconds()));
        } catch (NumberFormatException e) {
            throw new Refusal(400, "badPrefer", "Prefer: wait=" + m.group(1) + " is not a number of seconds");
        }
    }

    private Digest readDigest(Context ctx, byte[] body) throws Refusal {
        try {
            return format(ctx).readDigest(body).digest();
        } catch (MalformedDocumentException e) {
            throw new Refusal(400, "malformedDigest", e.getMessage());
        }
    }

    private void accepted(Context ctx, String location) {
        ctx.header("Location", base(ctx) + "/" + location);
        answer(ctx, 202, format(ctx).plainType(),
                format(ctx).tracking(new Tracking("Completed", "Ready", 100.0, 0, 0, 0)));
    }

    private static void sameRun(Context ctx, String runName, String runStamp) throws Refusal {
        String name = ctx.queryParam("runName");
        String stamp = ctx.queryParam("runStamp");
        if ((name != null && !name.equals(runName)) || (stamp != null && !stamp.equals(runStamp))) {
            throw new Refusal(400, Refusal.BAD_QUERY_PARAMETER, "otherRun", "this pass belongs to run '" + runName + "' of " + runStamp
                    + ", not to run '" + name + "' of " + stamp);
        }
    }

    private static String runParams(SourceContext c) {
        StringBuilder b = new StringBuilder();
        if (c.runName() != null) {
            b.append("&runName=").append(URLEncoder.encode(c.runName(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        if (c.runStamp() != null) {
            b.append("&runStamp=").append(URLEncoder.encode(c.runStamp(), StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /** {@code trackingID}, also spelled {@code trackingId} (5.3, 5.6): any letter case. */
    private static String trackingId(Context ctx) throws Refusal {
        for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
            if (e.getKey().equalsIgnoreCase("trackingID") && !e.getValue().isEmpty()) {
                String id = e.getValue().get(0);
                if (!id.matches("[A-Za-z0-9-]{1,128}")) {
                    throw new Refusal(400, Refusal.BAD_QUERY_PARAMETER, "badTrackingId", "trackingID must be letters, digits and dashes (a UUID)");
                }
                return id;
            }
        }
        return null;
    }

    private void authorize(Context ctx) throws Refusal {
        if (config.token() == null) {
            return;
        }
        // the node-wide check (HttpAccess) with this service's own token, for a records server embedded alone
        String sent = ctx.header("Authorization");
        if (!dev.tributary.node.http.HttpAccess.withToken(config.token()).authorizes(sent)) {
            ctx.header("WWW-Authenticate", "Bearer");
            // a verify changes nothing, but reads every row's content (as hashes): it needs the token as writes do
            String needs = ctx.path().endsWith("/$syncVerify") ? "a verify needs" : "writes need";
            throw new Refusal(401, "unauthorized", sent == null ? needs + " the header Authorization: Bearer <token>"
                    : needs + " the header Authorization: Bearer <token>, and the one sent does not hold this"
                    + " endpoint's token");
        }
    }

    private byte[] body(Context ctx) throws Refusal {
        long length = ctx.contentLength();
        if (length > config.maxBodyBytes()) {
            throw new Refusal(413, "tooLarge", "the body has " + length + " bytes; at most " + config.maxBodyBytes()
                    + " are taken (send smaller pages)");
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length > config.maxBodyBytes()) {
            throw new Refusal(413, "tooLarge", "the body is over " + config.maxBodyBytes() + " bytes");
        }
        return body;
    }

    private static String base(Context ctx) {
        String url = ctx.url();
        int op = url.lastIndexOf('/');
        return url.substring(0, op);
    }

    private static RecordsFormat format(Context ctx) {
        return Formats.of(ctx);
    }

    private static void answer(Context ctx, int status, String type, byte[] body) {
        ctx.status(status).contentType(type).result(body);
    }

    /**
     * A request refused with an HTTP status, an SData diagnosis code (core 3.10) that agrees with it, Tributary's own
     * code and a message for the consumer. The SData code is {@link #RESOURCE_KIND_NOT_FOUND} for a collection not
     * served (404), {@link #BAD_QUERY_PARAMETER} for a malformed query parameter (400), and otherwise
     * {@link #APPLICATION_DIAGNOSIS}: the specification has no code of its own for the case, and Tributary's code
     * says which it is.
     */
    static final class Refusal extends Exception {
        static final String RESOURCE_KIND_NOT_FOUND = "ResourceKindNotFound";
        static final String BAD_QUERY_PARAMETER = "BadQueryParameter";
        static final String APPLICATION_DIAGNOSIS = "ApplicationDiagnosis";
        private static final long serialVersionUID = 1L;
        final int status;
        final String sdataCode;
        final String code;

        /** A refusal the specification has no code for: {@link #APPLICATION_DIAGNOSIS}, with {@code code}. */
        Refusal(int status, String code, String message) {
            this(status, APPLICATION_DIAGNOSIS, code, message);
        }

        Refusal(int status, String sdataCode, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.sdataCode = sdataCode;
            this.code = code;
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Refusal;
    }

    private static void handle(Context ctx, Work work) {
        try {
            Formats.checkParameter(ctx);
            work.run();
        } catch (Refusal r) {
            RecordsFormat f = format(ctx);
            answer(ctx, r.status, f.plainType(), f.diagnoses(List.of(Diagnosis.error(r.sdataCode, r.code,
                    r.getMessage()))));
        }
    }
}
