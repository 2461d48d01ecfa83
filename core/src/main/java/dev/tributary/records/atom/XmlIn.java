package dev.tributary.records.atom;

import java.io.InputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A StAX cursor for the readers: walks child elements, reads leaf text, skips what it does not know, and turns
 * every failure into a {@link MalformedDocumentException} naming the line. DTDs and external entities are refused
 * (no entity expansion, no file or network access from a document).
 */
final class XmlIn implements AutoCloseable {
    private static final XMLInputFactory FACTORY = factory();
    private final XMLStreamReader r;

    private static XMLInputFactory factory() {
        // Woodstox by name, not whichever StAX implementation the class path offers first
        XMLInputFactory f = new com.ctc.wstx.stax.WstxInputFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    XmlIn(InputStream in) throws MalformedDocumentException {
        try {
            r = FACTORY.createXMLStreamReader(in);
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
    }

    /** Moves to the root element. */
    void root() throws MalformedDocumentException {
        try {
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT) {
                    return;
                }
            }
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
        throw new MalformedDocumentException("the document is empty");
    }

    /** Moves to the next child of the current element: true at its start, false at the current element's end. */
    boolean nextChild() throws MalformedDocumentException {
        try {
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    return true;
                }
                if (event == XMLStreamConstants.END_ELEMENT) {
                    return false;
                }
            }
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
        throw error("the document ends early");
    }

    String ns() {
        String ns = r.getNamespaceURI();
        return ns == null ? "" : ns;
    }

    String local() {
        return r.getLocalName();
    }

    /** The current element's name and namespace, for messages. */
    String describe() {
        return local() + (ns().isEmpty() ? " in no namespace" : " of namespace " + ns());
    }

    boolean is(String ns, String local) {
        return local.equals(r.getLocalName()) && ns.equals(ns());
    }

    /** An attribute of the current element by namespace (null for none) and name, or null. */
    String attribute(String ns, String local) {
        for (int i = 0; i < r.getAttributeCount(); i++) {
            String ans = r.getAttributeNamespace(i);
            boolean nsMatches = ns == null ? ans == null || ans.isEmpty() : ns.equals(ans);
            if (nsMatches && local.equals(r.getAttributeLocalName(i))) {
                return r.getAttributeValue(i);
            }
        }
        return null;
    }

    /** The text of the current leaf element, stripped; the cursor ends on its end tag. */
    String text() throws MalformedDocumentException {
        return text("element " + r.getLocalName() + " holds elements where text was expected");
    }

    /** The text of the current leaf element; {@code whenNested} is the error when it holds elements. */
    String text(String whenNested) throws MalformedDocumentException {
        StringBuilder b = new StringBuilder();
        try {
            while (true) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE,
                            XMLStreamConstants.ENTITY_REFERENCE -> b.append(r.getText());
                    case XMLStreamConstants.START_ELEMENT -> throw error(whenNested);
                    case XMLStreamConstants.END_ELEMENT -> {
                        return b.toString().strip();
                    }
                    case XMLStreamConstants.END_DOCUMENT -> throw error("the document ends early");
                    default -> {
                        // comments and processing instructions carry no value
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
    }

    /** Skips the current element and everything in it. */
    void skip() throws MalformedDocumentException {
        try {
            int depth = 1;
            while (depth > 0) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
    }

    /** An error at the current line. */
    MalformedDocumentException error(String what) {
        return new MalformedDocumentException(what + " (line " + r.getLocation().getLineNumber() + ")");
    }

    private static MalformedDocumentException malformed(XMLStreamException e) {
        return XmlProblems.malformed(e);
    }

    @Override
    public void close() {
        try {
            r.close();
        } catch (XMLStreamException e) {
            // nothing held but the parser's buffers
        }
    }
}
