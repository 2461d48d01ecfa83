package dev.tributary.records.atom;

import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A StAX writer that indents by two spaces: an element holding elements has each on its own line, a leaf keeps
 * its text on its line. Namespaces are declared by the caller (on the root, or where a payload switches the
 * default namespace). Output is buffered; {@link #finish} flushes it. Failures of the stream are unchecked: the caller writes to memory or to an HTTP body.
 */
final class XmlOut {
    private static final XMLOutputFactory FACTORY = factory();
    private final XMLStreamWriter w;
    private final Deque<boolean[]> open = new ArrayDeque<>();

    private static XMLOutputFactory factory() {
        // Woodstox by name, not whichever StAX implementation the class path offers first
        XMLOutputFactory f = new com.ctc.wstx.stax.WstxOutputFactory();
        f.setProperty(com.ctc.wstx.api.WstxOutputProperties.P_USE_DOUBLE_QUOTES_IN_XML_DECL, true);
        return f;
    }

    XmlOut(OutputStream out) {
        try {
            w = FACTORY.createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write XML", e);
        }
    }

    /** Opens {@code prefix:local} (prefix "" for the default namespace). */
    XmlOut start(String prefix, String local, String ns) {
        try {
            newline();
            if (!open.isEmpty()) {
                open.peek()[0] = true;
            }
            w.writeStartElement(prefix, local, ns);
            open.push(new boolean[1]);
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the empty element {@code prefix:local}; attributes may follow, then the next element or end. */
    XmlOut empty(String prefix, String local, String ns) {
        try {
            newline();
            if (!open.isEmpty()) {
                open.peek()[0] = true;
            }
            w.writeEmptyElement(prefix, local, ns);
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    XmlOut namespace(String prefix, String ns) {
        try {
            if (prefix.isEmpty()) {
                w.writeDefaultNamespace(ns);
            } else {
                w.writeNamespace(prefix, ns);
            }
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    XmlOut attribute(String prefix, String ns, String local, String value) {
        try {
            if (ns == null) {
                w.writeAttribute(local, value);
            } else {
                w.writeAttribute(prefix, ns, local, value);
            }
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    XmlOut text(String text) {
        try {
            w.writeCharacters(text);
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A leaf element with {@code text} (nothing written when {@code text} is null). */
    XmlOut leaf(String prefix, String local, String ns, String text) {
        if (text != null) {
            start(prefix, local, ns).text(text).end();
        }
        return this;
    }

    XmlOut end() {
        try {
            boolean hadChildren = open.pop()[0];
            if (hadChildren) {
                newline();
            }
            w.writeEndElement();
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    void finish() {
        try {
            while (!open.isEmpty()) {
                end();
            }
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.flush();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    private void newline() throws XMLStreamException {
        w.writeCharacters("\n" + "  ".repeat(open.size()));
    }
}
