package dev.tributary.records.atom;

import static dev.tributary.records.atom.Namespaces.ATOM;
import static dev.tributary.records.atom.Namespaces.HTTP;
import static dev.tributary.records.atom.Namespaces.SDATA;
import static dev.tributary.records.atom.Namespaces.SDATA_LEGACY;
import static dev.tributary.records.atom.Namespaces.SYNC;
import static dev.tributary.records.atom.Namespaces.XSI;

import dev.tributary.records.Digest;
import dev.tributary.records.DigestEntry;
import dev.tributary.records.Payload;
import dev.tributary.records.Record;
import dev.tributary.records.SyncMode;
import dev.tributary.records.SyncState;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads SData sync documents, leniently where the specification contradicts itself
 * ({@code shared/data/sdata/protocol.md}, the places marked [!]) and strictly elsewhere:
 *
 * <ul>
 *   <li>the sdata namespace in both spellings ({@code .../sdata/2008/1} and {@code .../sdata/2008});</li>
 *   <li>{@code isDeleted} in the sdata or the sync namespace, and {@code sdata:uuid} / {@code isDeleted} on the
 *       resource element or on {@code sdata:payload} itself (5.8);</li>
 *   <li>a digest without {@code origin} (5.8), a sync state without {@code user} (4.3), a tracking payload without
 *       {@code pollingMillis} (core 11.5), a result feed without digest or sync states (5.3);</li>
 *   <li>a conflict priority outside 1..9 is clamped to it (the XSD allows any integer, 4.2 only 1..9);</li>
 *   <li>times with or without a zone; {@code syncMode} in any letter case; unknown elements skipped.</li>
 * </ul>
 *
 * Strict: a feed needs {@code sync:syncMode} and {@code sync:digest}; every entry a {@code sync:syncState} with
 * endpoint and tick, and a payload with a uuid; a digest at least one entry; properties are text (nested lists and
 * child resources are refused: not supported yet). At most {@code maxEntries} entries and {@code maxProperties}
 * properties per record; the byte size of a document is bounded by the caller. Thread-safe.
 */
public final class AtomReader {
    private final int maxEntries;
    private final int maxProperties;

    /** A reader accepting at most {@code maxEntries} entries per feed and {@code maxProperties} per record. */
    public AtomReader(int maxEntries, int maxProperties) {
        this.maxEntries = maxEntries;
        this.maxProperties = maxProperties;
    }

    /** A reader with the default limits (10,000 entries, 1,000 properties). */
    public AtomReader() {
        this(10_000, 1_000);
    }

    /** A sync feed page. */
    public SyncFeedDocument readFeed(InputStream in) throws MalformedDocumentException {
        try (XmlIn x = new XmlIn(in)) {
            x.root();
            if (!x.is(ATOM, "feed")) {
                throw x.error("expected an Atom feed, found element " + x.describe());
            }
            String id = null;
            String title = null;
            Instant updated = null;
            List<AtomLink> links = new ArrayList<>();
            SyncMode mode = null;
            Digest digest = null;
            String kind = null;
            List<SyncEntryDocument> entries = new ArrayList<>();
            while (x.nextChild()) {
                if (x.is(ATOM, "id")) {
                    id = x.text();
                } else if (x.is(ATOM, "title")) {
                    title = x.text();
                } else if (x.is(ATOM, "updated")) {
                    updated = stamp(x);
                } else if (x.is(ATOM, "link")) {
                    links.add(link(x));
                } else if (x.is(SYNC, "syncMode")) {
                    String text = x.text();
                    mode = SyncMode.fromWire(text).orElseThrow(() -> x.error("unknown sync mode '" + text
                            + "' (catchUp or immediate)"));
                } else if (x.is(SYNC, "digest")) {
                    digest = digest(x);
                } else if (x.is(ATOM, "entry")) {
                    if (entries.size() == maxEntries) {
                        throw x.error("the feed has more than " + maxEntries + " entries");
                    }
                    Entry e = syncEntry(x, entries.size() + 1);
                    kind = kind == null ? e.kind : kind;
                    entries.add(e.doc);
                } else {
                    x.skip();
                }
            }
            if (mode == null) {
                throw new MalformedDocumentException("the feed has no sync:syncMode (catchUp or immediate)");
            }
            if (digest == null) {
                throw new MalformedDocumentException("the feed has no sync:digest");
            }
            return new SyncFeedDocument(id, title, updated, links, mode, digest, kind, entries);
        }
    }

    /** A digest: the Atom entry of {@code $syncDigest}, or a bare {@code sync:digest}. */
    public DigestDocument readDigest(InputStream in) throws MalformedDocumentException {
        try (XmlIn x = new XmlIn(in)) {
            x.root();
            if (x.is(SYNC, "digest")) {
                return new DigestDocument(null, null, null, digest(x));
            }
            if (!x.is(ATOM, "entry")) {
                throw x.error("expected an Atom entry holding a sync:digest, found element " + x.describe());
            }
            String id = null;
            String title = null;
            Instant updated = null;
            Digest digest = null;
            while (x.nextChild()) {
                if (x.is(ATOM, "id")) {
                    id = x.text();
                } else if (x.is(ATOM, "title")) {
                    title = x.text();
                } else if (x.is(ATOM, "updated")) {
                    updated = stamp(x);
                } else if (isSdata(x, "payload")) {
                    while (x.nextChild()) {
                        if (x.is(SYNC, "digest")) {
                            digest = digest(x);
                        } else {
                            x.skip();
                        }
                    }
                } else {
                    x.skip();
                }
            }
            if (digest == null) {
                throw new MalformedDocumentException("the entry holds no sdata:payload with a sync:digest");
            }
            return new DigestDocument(id, title, updated, digest);
        }
    }

    /** A tracking payload. */
    public Tracking readTracking(InputStream in) throws MalformedDocumentException {
        try (XmlIn x = new XmlIn(in)) {
            x.root();
            if (!isSdata(x, "tracking")) {
                throw x.error("expected an sdata:tracking, found element " + x.describe());
            }
            Map<String, String> f = new LinkedHashMap<>();
            while (x.nextChild()) {
                if (Namespaces.isSdata(x.ns())) {
                    f.put(x.local(), x.text());
                } else {
                    x.skip();
                }
            }
            try {
                return new Tracking(f.get("phase"), f.get("phaseDetail"), Double.parseDouble(f.getOrDefault("progress",
                        "0")), Long.parseLong(f.getOrDefault("elapsedSeconds", "0")),
                        Long.parseLong(f.getOrDefault("remainingSeconds", "0")),
                        Long.parseLong(f.getOrDefault("pollingMillis", Long.toString(Tracking.DEFAULT_POLLING_MILLIS))));
            } catch (NumberFormatException e) {
                throw new MalformedDocumentException("a tracking field is not a number: " + f);
            }
        }
    }

    /** A target's result feed. */
    public ResultFeedDocument readResults(InputStream in) throws MalformedDocumentException {
        try (XmlIn x = new XmlIn(in)) {
            x.root();
            if (!x.is(ATOM, "feed")) {
                throw x.error("expected an Atom feed of results, found element " + x.describe());
            }
            String id = null;
            String title = null;
            Instant updated = null;
            Digest digest = null;
            List<ResultEntryDocument> entries = new ArrayList<>();
            while (x.nextChild()) {
                if (x.is(ATOM, "id")) {
                    id = x.text();
                } else if (x.is(ATOM, "title")) {
                    title = x.text();
                } else if (x.is(ATOM, "updated")) {
                    updated = stamp(x);
                } else if (x.is(SYNC, "digest")) {
                    digest = digest(x);
                } else if (x.is(ATOM, "entry")) {
                    if (entries.size() == maxEntries) {
                        throw x.error("the feed has more than " + maxEntries + " entries");
                    }
                    entries.add(resultEntry(x));
                } else {
                    x.skip();
                }
            }
            return new ResultFeedDocument(id, title, updated, digest, entries);
        }
    }

    private record Entry(SyncEntryDocument doc, String kind) {
    }

    private Entry syncEntry(XmlIn x, int n) throws MalformedDocumentException {
        String id = null;
        String title = null;
        Instant updated = null;
        SyncState state = null;
        Resource resource = null;
        while (x.nextChild()) {
            if (x.is(ATOM, "id")) {
                id = x.text();
            } else if (x.is(ATOM, "title")) {
                title = x.text();
            } else if (x.is(ATOM, "updated")) {
                updated = stamp(x);
            } else if (x.is(SYNC, "syncState")) {
                state = syncState(x);
            } else if (isSdata(x, "payload")) {
                resource = payload(x, n);
            } else {
                x.skip();
            }
        }
        if (state == null) {
            throw x.error("entry " + n + " has no sync:syncState");
        }
        if (resource == null) {
            throw x.error("entry " + n + " has no sdata:payload");
        }
        Record record = resource.deleted ? Record.tombstone(resource.uuid, state)
                : Record.live(resource.uuid, state, Payload.of(resource.kind, resource.properties));
        return new Entry(new SyncEntryDocument(id, title, updated, record), resource.kind);
    }

    private record Resource(String uuid, boolean deleted, String kind, Map<String, String> properties) {
    }

    private Resource payload(XmlIn x, int n) throws MalformedDocumentException {
        String uuid = uuid(x);
        boolean deleted = deleted(x);
        String kind = null;
        Map<String, String> properties = new LinkedHashMap<>();
        while (x.nextChild()) {
            if (kind != null) {
                throw x.error("the payload of entry " + n + " holds more than one resource");
            }
            kind = x.local();
            uuid = uuid(x) != null ? uuid(x) : uuid;
            deleted |= deleted(x);
            while (x.nextChild()) {
                if (properties.size() == maxProperties) {
                    throw x.error("the record of entry " + n + " has more than " + maxProperties + " properties");
                }
                String name = x.local();
                if ("true".equals(x.attribute(XSI, "nil"))) {
                    properties.put(name, null);
                    x.skip();
                } else {
                    properties.put(name, x.text("property " + name + " of entry " + n
                            + " holds elements: nested lists and child resources are not supported"));
                }
            }
        }
        if (kind == null) {
            throw x.error("the payload of entry " + n + " holds no resource");
        }
        if (uuid == null || uuid.isBlank()) {
            throw x.error("the record of entry " + n + " has no sdata:uuid");
        }
        return new Resource(uuid, deleted, kind, properties);
    }

    private static String uuid(XmlIn x) {
        String u = x.attribute(SDATA, "uuid");
        return u != null ? u : x.attribute(SDATA_LEGACY, "uuid");
    }

    private static boolean deleted(XmlIn x) throws MalformedDocumentException {
        String v = x.attribute(SDATA, "isDeleted");
        v = v != null ? v : x.attribute(SDATA_LEGACY, "isDeleted");
        v = v != null ? v : x.attribute(SYNC, "isDeleted");
        if (v == null) {
            return false;
        }
        return switch (v.strip()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw x.error("isDeleted is '" + v + "', not true or false");
        };
    }

    private static Digest digest(XmlIn x) throws MalformedDocumentException {
        String origin = null;
        List<DigestEntry> entries = new ArrayList<>();
        while (x.nextChild()) {
            if (x.is(SYNC, "origin")) {
                origin = x.text();
            } else if (x.is(SYNC, "digestEntry")) {
                entries.add(digestEntry(x));
            } else {
                x.skip();
            }
        }
        if (entries.isEmpty()) {
            throw x.error("the digest has no digestEntry");
        }
        try {
            return Digest.of(origin, entries);
        } catch (IllegalArgumentException e) {
            throw x.error(e.getMessage());
        }
    }

    private static DigestEntry digestEntry(XmlIn x) throws MalformedDocumentException {
        String endpoint = null;
        Long tick = null;
        Instant stamp = null;
        int priority = DigestEntry.WEAKEST_PRIORITY;
        while (x.nextChild()) {
            if (x.is(SYNC, "endpoint")) {
                endpoint = x.text();
            } else if (x.is(SYNC, "tick")) {
                tick = tick(x);
            } else if (x.is(SYNC, "stamp")) {
                stamp = stamp(x);
            } else if (x.is(SYNC, "conflictPriority")) {
                long p = number(x, "conflictPriority");
                priority = (int) Math.max(DigestEntry.STRONGEST_PRIORITY, Math.min(DigestEntry.WEAKEST_PRIORITY, p));
            } else {
                x.skip();
            }
        }
        if (endpoint == null || endpoint.isEmpty() || tick == null) {
            throw x.error("a digestEntry needs an endpoint and a tick");
        }
        return new DigestEntry(endpoint, tick, stamp, priority);
    }

    private static SyncState syncState(XmlIn x) throws MalformedDocumentException {
        String endpoint = null;
        Long tick = null;
        Instant stamp = null;
        String user = null;
        while (x.nextChild()) {
            if (x.is(SYNC, "endpoint")) {
                endpoint = x.text();
            } else if (x.is(SYNC, "tick")) {
                tick = tick(x);
            } else if (x.is(SYNC, "stamp")) {
                stamp = stamp(x);
            } else if (x.is(SYNC, "user")) {
                user = x.text();
            } else {
                x.skip();
            }
        }
        if (endpoint == null || endpoint.isEmpty() || tick == null) {
            throw x.error("a syncState needs an endpoint and a tick");
        }
        return new SyncState(endpoint, tick, stamp, user == null || user.isEmpty() ? null : user);
    }

    private ResultEntryDocument resultEntry(XmlIn x) throws MalformedDocumentException {
        String id = null;
        String title = null;
        Instant updated = null;
        String uuid = null;
        int status = 0;
        Map<String, String> http = new LinkedHashMap<>();
        SyncState state = null;
        Diagnosis diagnosis = null;
        while (x.nextChild()) {
            if (x.is(ATOM, "id")) {
                id = x.text();
            } else if (x.is(ATOM, "title")) {
                title = x.text();
            } else if (x.is(ATOM, "updated")) {
                updated = stamp(x);
            } else if (x.is(HTTP, "httpStatus")) {
                status = (int) number(x, "httpStatus");
            } else if (HTTP.equals(x.ns())) {
                http.put(x.local(), x.text());
            } else if (x.is(SYNC, "syncState")) {
                state = syncState(x);
            } else if (isSdata(x, "payload")) {
                uuid = uuid(x);
                while (x.nextChild()) {
                    uuid = uuid(x) != null ? uuid(x) : uuid;
                    x.skip();
                }
            } else if (isSdata(x, "diagnosis")) {
                diagnosis = diagnosis(x);
            } else {
                x.skip();
            }
        }
        return new ResultEntryDocument(id, title, updated, uuid, status, http.get("httpMessage"),
                http.get("httpMethod"), http.get("location"), http.get("etag"), state, diagnosis);
    }

    private static Diagnosis diagnosis(XmlIn x) throws MalformedDocumentException {
        Map<String, String> f = new LinkedHashMap<>();
        while (x.nextChild()) {
            if (Namespaces.isSdata(x.ns())) {
                f.put(x.local(), x.text());
            } else {
                x.skip();
            }
        }
        return new Diagnosis(f.get("severity"), f.get("sdataCode"), f.get("applicationCode"), f.get("message"),
                f.get("payloadPath"));
    }

    private static AtomLink link(XmlIn x) throws MalformedDocumentException {
        AtomLink l = new AtomLink(x.attribute(null, "rel"), x.attribute(null, "href"), x.attribute(null, "type"));
        x.skip();
        return l;
    }

    private static boolean isSdata(XmlIn x, String local) {
        return local.equals(x.local()) && Namespaces.isSdata(x.ns());
    }

    private static Instant stamp(XmlIn x) throws MalformedDocumentException {
        String t = x.text();
        try {
            return Stamps.parse(t);
        } catch (MalformedDocumentException e) {
            throw x.error(e.getMessage());
        }
    }

    private static long tick(XmlIn x) throws MalformedDocumentException {
        long t = number(x, "tick");
        if (t < 0) {
            throw x.error("a tick is never negative: " + t);
        }
        return t;
    }

    private static long number(XmlIn x, String what) throws MalformedDocumentException {
        String t = x.text();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw x.error(what + " '" + t + "' is not an integer");
        }
    }
}
