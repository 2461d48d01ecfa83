package dev.tributary.records.atom;

import static dev.tributary.records.atom.AtomGoldenTest.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A document that is not well-formed XML is refused in plain words with its line and column, not the parser's. */
class MalformedXmlWordsTest {
    private final AtomReader reader = new AtomReader();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ATOM<<|not well-formed XML at line 2, column 2: '<' cannot follow '<' (a malformed start tag)",
            "ATOM<title>t</feed>|not well-formed XML at line 2, column 14: end tag </feed> where </title> was expected",
            "ATOM<title>|not well-formed XML at line 2, column 7: the document ends before the end tag of element title",
            "text|not well-formed XML at line 1, column 1: 't' before the root element, where a tag was expected",
            "ATOM<title a=b/>|not well-formed XML at line 2, column 10: an attribute's value must be in quotes, found 'b'",
            "ATOM<title a='1' a='2'/>|not well-formed XML at line 2, column 20: attribute a appears twice in one tag",
            "ATOM<x:title/>|not well-formed XML at line 2, column 10: namespace prefix x is not declared",
            "ATOM<title>&foo;</title>|not well-formed XML at line 2, column 12: unknown entity &foo; (XML knows &lt; &gt; &amp; &quot; &apos; and character references only)",
            "ATOM<title>\u0001</title>|not well-formed XML at line 2, column 8: control character U+0001, which XML does not allow",
            "<?xml version='1.0' encoding='bogus'?><feed/>|not well-formed XML: unknown character encoding bogus",
    })
    void namesTheLineTheColumnAndWhyInPlainWords(String document, String message) {
        String atom = "<feed xmlns='http://www.w3.org/2005/Atom'>\n";
        MalformedDocumentException e = catchThrowableOfType(() -> reader.readFeed(stream(document.replace("ATOM", atom))),
                MalformedDocumentException.class);
        assertThat(e).hasMessage(message);
    }

    @org.junit.jupiter.api.Test
    void anEmptyBodyAndTextAfterTheRootAreSaidSo() {
        assertThat(catchThrowableOfType(() -> reader.readFeed(stream("")), MalformedDocumentException.class))
                .hasMessage("not well-formed XML at line 1: the document ends before its root element (is it empty?)");
        assertThat(XmlProblems.why("Unexpected character 'j' (code 106) in epilog; expected '<'\n"
                + " at [row,col {unknown-source}]: [1,5]"))
                .isEqualTo("'j' after the root element's end, where nothing but comments may follow");
        assertThat(XmlProblems.why("Illegal to have multiple roots (start tag in epilog?).\n at [row,col {unknown-source}]: [1,9]"))
                .isEqualTo("a second root element (a document has one)");
    }

    @Property(tries = 200)
    void noMessageCarriesTheParsersOwnWording(@ForAll byte[] bytes) {
        try {
            reader.readFeed(new ByteArrayInputStream(bytes));
        } catch (MalformedDocumentException e) {
            assertThat(e.getMessage()).doesNotContain("(code ", "[row,col", "unknown-source", "Unexpected", "Illegal",
                    "prolog", "epilog", "wstx", "Exception");
        }
    }
}
