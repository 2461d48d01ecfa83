package dev.tributary.node.records;

import dev.tributary.records.atom.AtomLink;
import dev.tributary.records.atom.AtomReader;
import dev.tributary.records.atom.AtomWriter;
import dev.tributary.records.atom.DigestDocument;
import dev.tributary.records.atom.Diagnosis;
import dev.tributary.records.atom.MalformedDocumentException;
import dev.tributary.records.atom.ResultFeedDocument;
import dev.tributary.records.atom.SyncFeedDocument;
import dev.tributary.records.atom.Tracking;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;

/** The specification's representation: Atom XML, read leniently and written canonically by core's codec. */
final class XmlFormat implements RecordsFormat {
    private final AtomReader reader = new AtomReader();
    private final AtomWriter writer = new AtomWriter();

    @Override
    public String entryType() {
        return AtomLink.ENTRY_TYPE;
    }

    @Override
    public String feedType() {
        return AtomLink.FEED_TYPE;
    }

    @Override
    public String plainType() {
        return "application/xml";
    }

    @Override
    public DigestDocument readDigest(byte[] body) throws MalformedDocumentException {
        return reader.readDigest(new ByteArrayInputStream(body));
    }

    @Override
    public SyncFeedDocument readFeed(byte[] body) throws MalformedDocumentException {
        return reader.readFeed(new ByteArrayInputStream(body));
    }

    @Override
    public Tracking readTracking(byte[] body) throws MalformedDocumentException {
        return reader.readTracking(new ByteArrayInputStream(body));
    }

    @Override
    public ResultFeedDocument readResults(byte[] body) throws MalformedDocumentException {
        return reader.readResults(new ByteArrayInputStream(body));
    }

    @Override
    public byte[] digest(DigestDocument doc) {
        return bytes(out -> writer.writeDigest(doc, out));
    }

    @Override
    public byte[] feed(SyncFeedDocument doc) {
        return bytes(out -> writer.writeFeed(doc, out));
    }

    @Override
    public byte[] results(ResultFeedDocument doc) {
        return bytes(out -> writer.writeResults(doc, out));
    }

    @Override
    public byte[] tracking(Tracking tracking) {
        return bytes(out -> writer.writeTracking(tracking, out));
    }

    @Override
    public byte[] diagnoses(List<Diagnosis> diagnoses) {
        return bytes(out -> writer.writeDiagnoses(diagnoses, out));
    }

    private static byte[] bytes(Consumer<OutputStream> write) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write.accept(out);
        return out.toByteArray();
    }
}
