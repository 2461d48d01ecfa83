package dev.tributary.records.atom;

import static dev.tributary.records.atom.Namespaces.ATOM;
import static dev.tributary.records.atom.Namespaces.HTTP;
import static dev.tributary.records.atom.Namespaces.RECORDS;
import static dev.tributary.records.atom.Namespaces.SDATA;
import static dev.tributary.records.atom.Namespaces.SYNC;
import static dev.tributary.records.atom.Namespaces.XSI;

import dev.tributary.records.Digest;
import dev.tributary.records.DigestEntry;
import dev.tributary.records.Record;
import dev.tributary.records.SyncState;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes SData sync documents in their canonical form: UTF-8, Atom as the default namespace, the prefixes
 * {@code sdata}, {@code sync} and {@code http} declared on the root, the canonical sdata namespace ({@code /2008/1}),
 * {@code sdata:isDeleted} and {@code sdata:uuid} on the resource element, times in UTC, and elements in the order of
 * the specification's examples. Null optional fields are left out. Stateless; thread-safe.
 */
public final class AtomWriter {

    /** A sync feed page. */
    public void writeFeed(SyncFeedDocument feed, OutputStream out) {
        XmlOut x = new XmlOut(out);
        root(x, "feed", false);
        atomHead(x, feed.title(), feed.id(), feed.updated());
        links(x, feed.links());
        x.leaf("sync", "syncMode", SYNC, feed.mode().wireName());
        digest(x, feed.digest());
        for (SyncEntryDocument e : feed.entries()) {
            x.start("", "entry", ATOM);
            atomHead(x, e.title(), e.id(), e.updated());
            syncState(x, e.record().state());
            payload(x, feed.resourceKind(), e.record());
            x.end();
        }
        x.finish();
    }

    /** The digest entry of {@code $syncDigest}. */
    public void writeDigest(DigestDocument doc, OutputStream out) {
        XmlOut x = new XmlOut(out);
        root(x, "entry", false);
        atomHead(x, doc.title(), doc.id(), doc.updated());
        links(x, List.of(new AtomLink("self", doc.id(), AtomLink.ENTRY_TYPE)));
        x.start("sdata", "payload", SDATA);
        digest(x, doc.digest());
        x.end();
        x.finish();
    }

    /** A tracking payload ({@code sdata:tracking} as the root). */
    public void writeTracking(Tracking t, OutputStream out) {
        XmlOut x = new XmlOut(out);
        x.start("sdata", "tracking", SDATA).namespace("sdata", SDATA);
        x.leaf("sdata", "phase", SDATA, t.phase());
        x.leaf("sdata", "phaseDetail", SDATA, t.phaseDetail());
        x.leaf("sdata", "progress", SDATA, Double.toString(t.progress()));
        x.leaf("sdata", "elapsedSeconds", SDATA, Long.toString(t.elapsedSeconds()));
        x.leaf("sdata", "remainingSeconds", SDATA, Long.toString(t.remainingSeconds()));
        x.leaf("sdata", "pollingMillis", SDATA, Long.toString(t.pollingMillis()));
        x.finish();
    }

    /** Diagnoses as the body of an error answer ({@code sdata:diagnoses} as the root). */
    public void writeDiagnoses(List<Diagnosis> diagnoses, OutputStream out) {
        XmlOut x = new XmlOut(out);
        x.start("sdata", "diagnoses", SDATA).namespace("sdata", SDATA);
        for (Diagnosis d : diagnoses) {
            diagnosis(x, d);
        }
        x.finish();
    }

    /** A target's result feed. */
    public void writeResults(ResultFeedDocument feed, OutputStream out) {
        XmlOut x = new XmlOut(out);
        root(x, "feed", true);
        atomHead(x, feed.title(), feed.id(), feed.updated());
        if (feed.digest() != null) {
            digest(x, feed.digest());
        }
        for (ResultEntryDocument e : feed.entries()) {
            x.start("", "entry", ATOM);
            atomHead(x, e.title(), e.id(), e.updated());
            if (e.id() != null && !e.id().isEmpty()) {
                links(x, List.of(new AtomLink("self", e.id(), AtomLink.ENTRY_TYPE)));
            }
            x.leaf("http", "httpStatus", HTTP, Integer.toString(e.httpStatus()));
            x.leaf("http", "httpMessage", HTTP, e.httpMessage());
            x.leaf("http", "httpMethod", HTTP, e.httpMethod());
            x.leaf("http", "location", HTTP, e.location());
            x.leaf("http", "etag", HTTP, e.etag());
            if (e.syncState() != null) {
                syncState(x, e.syncState());
            }
            if (e.uuid() != null) {
                x.start("sdata", "payload", SDATA);
                x.empty("", "result", RECORDS).namespace("", RECORDS).attribute("sdata", SDATA, "uuid", e.uuid());
                x.end();
            }
            if (e.diagnosis() != null) {
                diagnosis(x, e.diagnosis());
            }
            x.end();
        }
        x.finish();
    }

    /** {@code doc} written by {@code writer} into a string (for tests and small answers). */
    public static String toString(java.util.function.Consumer<OutputStream> writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.accept(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void root(XmlOut x, String name, boolean http) {
        x.start("", name, ATOM).namespace("", ATOM).namespace("sdata", SDATA).namespace("sync", SYNC);
        if (http) {
            x.namespace("http", HTTP);
        }
        x.namespace("xsi", XSI);
    }

    private static void atomHead(XmlOut x, String title, String id, Instant updated) {
        x.leaf("", "id", ATOM, id == null ? "" : id);
        x.leaf("", "title", ATOM, title == null ? "" : title);
        if (updated != null) {
            x.leaf("", "updated", ATOM, Stamps.format(updated));
        }
    }

    private static void links(XmlOut x, List<AtomLink> links) {
        for (AtomLink l : links) {
            x.empty("", "link", ATOM).attribute("", null, "rel", l.rel());
            if (l.type() != null) {
                x.attribute("", null, "type", l.type());
            }
            x.attribute("", null, "href", l.href());
        }
    }

    private static void digest(XmlOut x, Digest d) {
        x.start("sync", "digest", SYNC);
        x.leaf("sync", "origin", SYNC, d.origin());
        for (DigestEntry e : d.entries()) {
            x.start("sync", "digestEntry", SYNC);
            x.leaf("sync", "endpoint", SYNC, e.endpoint());
            x.leaf("sync", "tick", SYNC, Long.toString(e.tick()));
            x.leaf("sync", "stamp", SYNC, e.stamp() == null ? null : Stamps.format(e.stamp()));
            x.leaf("sync", "conflictPriority", SYNC, Integer.toString(e.conflictPriority()));
            x.end();
        }
        x.end();
    }

    private static void syncState(XmlOut x, SyncState s) {
        x.start("sync", "syncState", SYNC);
        x.leaf("sync", "endpoint", SYNC, s.endpoint());
        x.leaf("sync", "tick", SYNC, Long.toString(s.tick()));
        x.leaf("sync", "stamp", SYNC, s.stamp() == null ? null : Stamps.format(s.stamp()));
        x.leaf("sync", "user", SYNC, s.user());
        x.end();
    }

    private static void payload(XmlOut x, String kind, Record r) {
        x.start("sdata", "payload", SDATA);
        if (r.deleted()) {
            x.empty("", kind, RECORDS).namespace("", RECORDS).attribute("sdata", SDATA, "uuid", r.uuid())
                    .attribute("sdata", SDATA, "isDeleted", "true");
        } else {
            x.start("", r.payload().kind(), RECORDS).namespace("", RECORDS).attribute("sdata", SDATA, "uuid", r.uuid());
            for (Map.Entry<String, String> p : r.payload().properties().entrySet()) {
                if (p.getValue() == null) {
                    x.empty("", p.getKey(), RECORDS).attribute("xsi", XSI, "nil", "true");
                } else {
                    x.leaf("", p.getKey(), RECORDS, p.getValue());
                }
            }
            x.end();
        }
        x.end();
    }

    private static void diagnosis(XmlOut x, Diagnosis d) {
        x.start("sdata", "diagnosis", SDATA);
        x.leaf("sdata", "severity", SDATA, d.severity());
        x.leaf("sdata", "sdataCode", SDATA, d.sdataCode());
        x.leaf("sdata", "applicationCode", SDATA, d.applicationCode());
        x.leaf("sdata", "message", SDATA, d.message());
        x.leaf("sdata", "payloadPath", SDATA, d.payloadPath());
        x.end();
    }
}
