package dev.tributary.node.records;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.node.http.JsonSyntax;
import dev.tributary.records.Digest;
import dev.tributary.records.DigestEntry;
import dev.tributary.records.Payload;
import dev.tributary.records.Record;
import dev.tributary.records.SyncMode;
import dev.tributary.records.SyncState;
import dev.tributary.records.atom.AtomLink;
import dev.tributary.records.atom.DigestDocument;
import dev.tributary.records.atom.Diagnosis;
import dev.tributary.records.atom.MalformedDocumentException;
import dev.tributary.records.atom.ResultEntryDocument;
import dev.tributary.records.atom.ResultFeedDocument;
import dev.tributary.records.atom.SyncEntryDocument;
import dev.tributary.records.atom.SyncFeedDocument;
import dev.tributary.records.atom.Tracking;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tributary's JSON form of the sync documents, an extension (the specification defines no JSON for sync
 * payloads), spelled after SData 2.0's JSON conventions: {@code docs/records-json.md} describes it field by field.
 * The same documents as {@link XmlFormat}, so a JSON consumer and an XML consumer sync the same way.
 */
final class JsonFormat implements RecordsFormat {
    /** The media type of every JSON answer. */
    static final String TYPE = "application/json;vnd.sage=sdata";
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public String entryType() {
        return TYPE;
    }

    @Override
    public String feedType() {
        return TYPE;
    }

    @Override
    public String plainType() {
        return TYPE;
    }

    @Override
    public DigestDocument readDigest(byte[] body) throws MalformedDocumentException {
        JsonNode root = tree(body);
        JsonNode d = root.get("$digest");
        if (d == null) {
            throw new MalformedDocumentException("the JSON has no \"$digest\"");
        }
        return new DigestDocument(text(root, "$url"), text(root, "$title"), stamp(root, "$updated"), digest(d));
    }

    /** The page's resources are counted and skipped as they stream: the target reads them. */
    @Override
    public FeedSkim skimFeed(byte[] body) throws MalformedDocumentException {
        JsonSkim.Skimmed<Integer> skimmed = JsonSkim.feed(json, body);
        if (skimmed == null) {
            return RecordsFormat.super.skimFeed(body); // read whole: it says why a feed of another shape is refused
        }
        JsonNode root = skimmed.root();
        mode(root);
        Digest digest = feedDigest(root);
        return new FeedSkim(digest, AtomLink.find(links(root), "next"), skimmed.resources());
    }

    /** The results are counted as they stream. */
    @Override
    public ResultCounts countResults(byte[] body) throws MalformedDocumentException {
        JsonSkim.Skimmed<ResultCounts> skimmed = JsonSkim.results(json, body);
        if (skimmed == null) {
            return RecordsFormat.super.countResults(body); // read whole: it says why results of another shape are refused
        }
        if (skimmed.root().has("$digest")) {
            digest(skimmed.root().get("$digest")); // refused as the whole reading refuses it
        }
        return skimmed.resources();
    }

    private static SyncMode mode(JsonNode root) throws MalformedDocumentException {
        String modeText = text(root, "$syncMode");
        if (modeText == null) {
            throw new MalformedDocumentException("the feed has no \"$syncMode\" (catchUp or immediate)");
        }
        return SyncMode.fromWire(modeText).orElseThrow(() -> new MalformedDocumentException(
                "unknown \"$syncMode\" '" + modeText + "' (catchUp or immediate)"));
    }

    private static Digest feedDigest(JsonNode root) throws MalformedDocumentException {
        if (!root.has("$digest")) {
            throw new MalformedDocumentException("the feed has no \"$digest\"");
        }
        return digest(root.get("$digest"));
    }

    private static List<AtomLink> links(JsonNode root) throws MalformedDocumentException {
        List<AtomLink> links = new ArrayList<>();
        for (JsonNode l : array(root, "$links")) {
            links.add(new AtomLink(text(l, "$rel"), text(l, "$href"), text(l, "$type")));
        }
        return links;
    }

    @Override
    public SyncFeedDocument readFeed(byte[] body) throws MalformedDocumentException {
        // Pages are the bulk of a pass: their resources are read as they stream, without a tree. A feed in another
        // shape than Tributary writes (numbers or lists where text is expected...) is read again as a tree, whose
        // reading decides what it means or why it is refused.
        JsonFeedStream.Feed streamed = JsonFeedStream.read(json, body);
        JsonNode root = streamed != null ? streamed.root() : tree(body);
        SyncMode mode = mode(root);
        Digest digest = feedDigest(root);
        List<AtomLink> links = links(root);
        String kind = text(root, "$resourceKind");
        List<SyncEntryDocument> entries = new ArrayList<>();
        if (streamed != null) {
            int n = 0;
            for (JsonFeedStream.Resource e : streamed.resources()) {
                n++;
                entries.add(e.entry(n, kind));
            }
        } else {
            int n = 0;
            for (JsonNode e : array(root, "$resources")) {
                n++;
                entries.add(entry(e, n, kind));
            }
        }
        return new SyncFeedDocument(text(root, "$url"), text(root, "$title"), stamp(root, "$updated"), links, mode,
                digest, kind, entries);
    }

    private static SyncEntryDocument entry(JsonNode e, int n, String kind) throws MalformedDocumentException {
        JsonNode s = e.get("$syncState");
        if (s == null) {
            throw new MalformedDocumentException("resource " + n + " has no \"$syncState\"");
        }
        String uuid = text(e, "$uuid");
        if (uuid == null || uuid.isBlank()) {
            throw new MalformedDocumentException("resource " + n + " has no \"$uuid\"");
        }
        SyncState state = syncState(s);
        Record r;
        if (e.path("$isDeleted").asBoolean(false)) {
            r = Record.tombstone(uuid, state);
        } else {
            Map<String, String> properties = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = e.path("$properties").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (f.getValue().isContainerNode()) {
                    throw new MalformedDocumentException("property " + f.getKey() + " of resource " + n
                            + " is not a single value: nested lists and child resources are not supported");
                }
                properties.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText());
            }
            String own = text(e, "$resourceKind");
            if (own == null && kind == null) {
                throw new MalformedDocumentException("the feed has no \"$resourceKind\"");
            }
            r = Record.live(uuid, state, Payload.of(own != null ? own : kind, properties));
        }
        return new SyncEntryDocument(text(e, "$url"), text(e, "$title"), stamp(e, "$updated"), r);
    }

    @Override
    public Tracking readTracking(byte[] body) throws MalformedDocumentException {
        JsonNode t = tree(body).get("$tracking");
        if (t == null || !t.isObject()) {
            throw new MalformedDocumentException("the JSON has no \"$tracking\"");
        }
        return new Tracking(text(t, "$phase"), text(t, "$phaseDetail"), t.path("$progress").asDouble(0),
                t.path("$elapsedSeconds").asLong(0), t.path("$remainingSeconds").asLong(0),
                t.path("$pollingMillis").asLong(Tracking.DEFAULT_POLLING_MILLIS));
    }

    @Override
    public ResultFeedDocument readResults(byte[] body) throws MalformedDocumentException {
        JsonNode root = tree(body);
        Digest digest = root.has("$digest") ? digest(root.get("$digest")) : null;
        List<ResultEntryDocument> entries = new ArrayList<>();
        int n = 0;
        for (JsonNode e : array(root, "$resources")) {
            n++;
            if (!e.path("$httpStatus").canConvertToInt()) {
                throw new MalformedDocumentException("result " + n + " has no \"$httpStatus\"");
            }
            JsonNode s = e.get("$syncState");
            JsonNode d = e.get("$diagnosis");
            Diagnosis diagnosis = d == null || d.isNull() ? null : new Diagnosis(text(d, "$severity"),
                    text(d, "$sdataCode"), text(d, "$applicationCode"), text(d, "$message"), text(d, "$payloadPath"));
            entries.add(new ResultEntryDocument(text(e, "$url"), text(e, "$title"), stamp(e, "$updated"),
                    text(e, "$uuid"), e.get("$httpStatus").asInt(), text(e, "$httpMessage"), text(e, "$httpMethod"),
                    text(e, "$location"), text(e, "$etag"), s == null || s.isNull() ? null : syncState(s), diagnosis));
        }
        return new ResultFeedDocument(text(root, "$url"), text(root, "$title"), stamp(root, "$updated"), digest, entries);
    }

    @Override
    public byte[] digest(DigestDocument doc) {
        ObjectNode root = json.createObjectNode();
        head(root, doc.id(), doc.title(), doc.updated());
        root.set("$digest", digest(doc.digest()));
        return bytes(root);
    }

    @Override
    public byte[] feed(SyncFeedDocument doc) {
        // written as it streams (pages are the bulk of a pass), compact, in the order of docs/records-json.md
        return stream(g -> {
            g.writeStartObject();
            head(g, doc.id(), doc.title(), doc.updated());
            g.writeArrayFieldStart("$links");
            for (AtomLink l : doc.links()) {
                g.writeStartObject();
                g.writeStringField("$rel", l.rel());
                g.writeStringField("$href", l.href());
                if (l.type() != null) {
                    g.writeStringField("$type", l.type());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("$syncMode", doc.mode().wireName());
            g.writeFieldName("$digest");
            g.writeTree(digest(doc.digest()));
            if (doc.resourceKind() != null) {
                g.writeStringField("$resourceKind", doc.resourceKind());
            }
            g.writeArrayFieldStart("$resources");
            for (SyncEntryDocument e : doc.entries()) {
                g.writeStartObject();
                head(g, e.id(), e.title(), e.updated());
                g.writeStringField("$uuid", e.record().uuid());
                syncState(g, e.record().state());
                if (e.record().deleted()) {
                    g.writeBooleanField("$isDeleted", true);
                } else {
                    String kind = e.record().payload().kind();
                    if (!kind.equals(doc.resourceKind())) {
                        g.writeStringField("$resourceKind", kind); // a payload of another kind than the feed's
                    }
                    g.writeObjectFieldStart("$properties");
                    for (Map.Entry<String, String> p : e.record().payload().properties().entrySet()) {
                        g.writeStringField(p.getKey(), p.getValue());
                    }
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    @Override
    public byte[] results(ResultFeedDocument doc) {
        return stream(g -> {
            g.writeStartObject();
            head(g, doc.id(), doc.title(), doc.updated());
            if (doc.digest() != null) {
                g.writeFieldName("$digest");
                g.writeTree(digest(doc.digest()));
            }
            g.writeArrayFieldStart("$resources");
            for (ResultEntryDocument e : doc.entries()) {
                g.writeStartObject();
                head(g, e.id(), e.title(), e.updated());
                stringIf(g, "$uuid", e.uuid());
                g.writeNumberField("$httpStatus", e.httpStatus());
                stringIf(g, "$httpMessage", e.httpMessage());
                stringIf(g, "$httpMethod", e.httpMethod());
                stringIf(g, "$location", e.location());
                stringIf(g, "$etag", e.etag());
                if (e.syncState() != null) {
                    syncState(g, e.syncState());
                }
                if (e.diagnosis() != null) {
                    g.writeFieldName("$diagnosis");
                    g.writeTree(diagnosis(e.diagnosis()));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** What writes one document to a generator. */
    private interface Writing {
        void write(JsonGenerator g) throws IOException;
    }

    private byte[] stream(Writing writing) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1 << 16);
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.setCodec(json);
            writing.write(g);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON to memory", e);
        }
        return out.toByteArray();
    }

    private static void head(JsonGenerator g, String url, String title, Instant updated) throws IOException {
        stringIf(g, "$url", url);
        stringIf(g, "$title", title);
        if (updated != null) {
            g.writeStringField("$updated", STAMPS.get().text(updated));
        }
    }

    /**
     * The texts of the two stamps last written and the two last read, per thread: a page's entries mostly share one
     * stamp (a load stamps every row alike), a result entry pairs the time of the answer with its record's stamp, and
     * formatting or parsing an instant costs more than the rest of an entry's fields.
     */
    private static final class LastStamp {
        private Instant written;
        private String writtenText;
        private Instant writtenBefore;
        private String writtenBeforeText;
        private String readText;
        private Instant read;
        private String readBeforeText;
        private Instant readBefore;

        /** {@code i.toString()}. */
        String text(Instant i) {
            if (i.equals(written)) {
                return writtenText;
            }
            if (!i.equals(writtenBefore)) {
                writtenBefore = i;
                writtenBeforeText = i.toString();
            }
            // the one asked for becomes the last written, the other the one before
            Instant w = written;
            String t = writtenText;
            written = writtenBefore;
            writtenText = writtenBeforeText;
            writtenBefore = w;
            writtenBeforeText = t;
            return writtenText;
        }

        /** The instant {@code t} was last read as, or null. */
        Instant instant(String t) {
            if (t.equals(readText)) {
                return read;
            }
            if (t.equals(readBeforeText)) {
                remember(t, readBefore);
                return read;
            }
            return null;
        }

        void remember(String t, Instant i) {
            if (!t.equals(readText)) {
                readBeforeText = readText;
                readBefore = read;
                readText = t;
                read = i;
            }
        }
    }

    private static final ThreadLocal<LastStamp> STAMPS = ThreadLocal.withInitial(LastStamp::new);

    private static void syncState(JsonGenerator g, SyncState s) throws IOException {
        g.writeObjectFieldStart("$syncState");
        g.writeStringField("endpoint", s.endpoint());
        g.writeNumberField("tick", s.tick());
        if (s.stamp() != null) {
            g.writeStringField("stamp", STAMPS.get().text(s.stamp()));
        }
        stringIf(g, "user", s.user());
        g.writeEndObject();
    }

    private static void stringIf(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    @Override
    public byte[] tracking(Tracking t) {
        ObjectNode root = json.createObjectNode();
        root.putObject("$tracking").put("$phase", t.phase()).put("$phaseDetail", t.phaseDetail())
                .put("$progress", t.progress()).put("$elapsedSeconds", t.elapsedSeconds())
                .put("$remainingSeconds", t.remainingSeconds()).put("$pollingMillis", t.pollingMillis());
        return bytes(root);
    }

    @Override
    public byte[] diagnoses(List<Diagnosis> diagnoses) {
        ObjectNode root = json.createObjectNode();
        ArrayNode list = root.putArray("$diagnoses");
        diagnoses.forEach(d -> list.add(diagnosis(d)));
        return bytes(root);
    }

    private ObjectNode digest(Digest d) {
        ObjectNode o = json.createObjectNode();
        putIf(o, "origin", d.origin());
        ArrayNode entries = o.putArray("digestEntry");
        for (DigestEntry e : d.entries()) {
            ObjectNode x = entries.addObject().put("endpoint", e.endpoint()).put("tick", e.tick());
            if (e.stamp() != null) {
                x.put("stamp", e.stamp().toString());
            }
            x.put("conflictPriority", e.conflictPriority());
        }
        return o;
    }

    private ObjectNode diagnosis(Diagnosis d) {
        ObjectNode o = json.createObjectNode();
        putIf(o, "$severity", d.severity());
        putIf(o, "$sdataCode", d.sdataCode());
        putIf(o, "$applicationCode", d.applicationCode());
        putIf(o, "$message", d.message());
        putIf(o, "$payloadPath", d.payloadPath());
        return o;
    }

    private static Digest digest(JsonNode d) throws MalformedDocumentException {
        List<DigestEntry> entries = new ArrayList<>();
        for (JsonNode e : array(d, "digestEntry")) {
            String endpoint = text(e, "endpoint");
            if (endpoint == null || endpoint.isBlank() || !e.path("tick").canConvertToLong() || e.path("tick").asLong() < 0) {
                throw new MalformedDocumentException("a digestEntry needs an \"endpoint\" and a \"tick\" of 0 or more");
            }
            int p = (int) Math.max(1, Math.min(9, e.path("conflictPriority").asLong(DigestEntry.WEAKEST_PRIORITY)));
            entries.add(new DigestEntry(endpoint, e.get("tick").asLong(), stamp(e, "stamp"), p));
        }
        if (entries.isEmpty()) {
            throw new MalformedDocumentException("the digest has no digestEntry");
        }
        try {
            return Digest.of(text(d, "origin"), entries);
        } catch (IllegalArgumentException e) {
            throw new MalformedDocumentException(e.getMessage());
        }
    }

    private static SyncState syncState(JsonNode s) throws MalformedDocumentException {
        String endpoint = text(s, "endpoint");
        if (endpoint == null || endpoint.isBlank() || !s.path("tick").canConvertToLong() || s.path("tick").asLong() < 0) {
            throw new MalformedDocumentException("a syncState needs an \"endpoint\" and a \"tick\" of 0 or more");
        }
        return new SyncState(endpoint, s.get("tick").asLong(), stamp(s, "stamp"), text(s, "user"));
    }

    private JsonNode tree(byte[] body) throws MalformedDocumentException {
        try {
            JsonNode root = json.readTree(body);
            if (root == null || !root.isObject()) {
                throw new MalformedDocumentException("the body is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new MalformedDocumentException("not JSON: " + JsonSyntax.describe(e));
        } catch (IOException e) {
            throw new MalformedDocumentException("the body cannot be read: " + e.getMessage());
        }
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) throws MalformedDocumentException {
        JsonNode a = node.get(field);
        if (a == null || a.isNull()) {
            return List.of();
        }
        if (!a.isArray()) {
            throw new MalformedDocumentException("\"" + field + "\" is not a list");
        }
        return a;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant stamp(JsonNode node, String field) throws MalformedDocumentException {
        return stamp(text(node, field), field);
    }

    static Instant stamp(String t, String field) throws MalformedDocumentException {
        if (t == null) {
            return null;
        }
        LastStamp last = STAMPS.get();
        Instant known = last.instant(t);
        if (known != null) {
            return known;
        }
        Instant canonical = dev.tributary.records.CanonicalInstant.parse(t);
        if (canonical != null) {
            last.remember(t, canonical);
            return canonical;
        }
        try {
            return java.time.OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(t).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new MalformedDocumentException("\"" + field + "\" '" + t + "' is not a date and time");
            }
        }
    }

    private static void head(ObjectNode o, String url, String title, Instant updated) {
        putIf(o, "$url", url);
        putIf(o, "$title", title);
        if (updated != null) {
            o.put("$updated", updated.toString());
        }
    }

    private static void putIf(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
