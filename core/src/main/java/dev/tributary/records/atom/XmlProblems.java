package dev.tributary.records.atom;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamException;

/**
 * Says in plain words why a document is not well-formed XML: turns the parser's (Woodstox's) own wording, such as
 * {@code Unexpected character '<' (code 60) in content after '<' (malformed start element?).
 * at [row,col {unknown-source}]: [1,5]}, into {@code not well-formed XML at line 1, column 5: '<' cannot follow '<'
 * (a malformed start tag)}. A wording it does not know keeps its words, without the parser's location suffix and
 * character codes, starting in lower case as the other messages do.
 */
final class XmlProblems {
    private record Rule(Pattern pattern, Function<Matcher, String> words) {
    }

    private static final List<Rule> RULES = List.of(
            rule("Unexpected character '(.+?)' \\(code [^)]*\\) in content after '<' \\(malformed start element\\?\\)\\.?",
                    m -> "'" + m.group(1) + "' cannot follow '<' (a malformed start tag)"),
            rule("Unexpected character '(.+?)' \\(code [^)]*\\) in prolog; expected '<'",
                    m -> "'" + m.group(1) + "' before the root element, where a tag was expected"),
            rule("Unexpected character '(.+?)' \\(code [^)]*\\) in epilog; expected '<'",
                    m -> "'" + m.group(1) + "' after the root element's end, where nothing but comments may follow"),
            rule("Unexpected character '(.+?)' \\(code [^)]*\\) in start tag Expected a quote",
                    m -> "an attribute's value must be in quotes, found '" + m.group(1) + "'"),
            rule("Unexpected character '(.+?)' \\(code [^)]*\\)(.*)",
                    m -> "unexpected character '" + m.group(1) + "'" + plain(m.group(2))),
            rule("Unexpected close tag </(.+?)>; expected </(.+?)>\\.?",
                    m -> "end tag </" + m.group(1) + "> where </" + m.group(2) + "> was expected"),
            rule("Unexpected EOF in prolog", m -> "the document ends before its root element (is it empty?)"),
            rule("Unexpected EOF; was expecting a close tag for element <(.+?)>",
                    m -> "the document ends before the end tag of element " + m.group(1)),
            rule("Unexpected (EOF|end of input block).*", m -> "the document ends early"),
            rule("Undeclared general entity \"(.+?)\"",
                    m -> "unknown entity &" + m.group(1) + "; (XML knows &lt; &gt; &amp; &quot; &apos; and"
                            + " character references only)"),
            rule("Duplicate attribute '(.+?)'\\.?", m -> "attribute " + m.group(1) + " appears twice in one tag"),
            rule("Undeclared namespace prefix \"(.+?)\".*", m -> "namespace prefix " + m.group(1) + " is not declared"),
            rule("Illegal character \\(\\(CTRL-CHAR, code (\\d+)\\)\\)",
                    m -> String.format(Locale.ROOT, "control character U+%04X, which XML does not allow",
                            Integer.parseInt(m.group(1)))),
            rule("Illegal to have multiple roots.*", m -> "a second root element (a document has one)"),
            rule("Unsupported encoding: (.+)", m -> "unknown character encoding " + m.group(1)),
            rule("String '--' not allowed in comment.*", m -> "'--' inside a comment"));

    private static final Pattern LOCATION_SUFFIX = Pattern.compile("\\s*at \\[row,col[^\\]]*\\]: \\[\\d+,\\d+\\]\\s*$");
    private static final Pattern CODE = Pattern.compile(" ?\\(code [^)]*\\)");

    private XmlProblems() {
    }

    private static Rule rule(String regex, Function<Matcher, String> words) {
        return new Rule(Pattern.compile(regex, Pattern.DOTALL), words);
    }

    /** {@code not well-formed XML at line L, column C: WHY}, the location left out where the parser gave none. */
    static MalformedDocumentException malformed(XMLStreamException e) {
        return new MalformedDocumentException("not well-formed XML" + where(e.getLocation()) + ": "
                + why(e.getMessage()), e);
    }

    private static String where(Location at) {
        if (at == null || at.getLineNumber() < 1) {
            return "";
        }
        return " at line " + at.getLineNumber() + (at.getColumnNumber() < 1 ? "" : ", column " + at.getColumnNumber());
    }

    /** The parser's message in plain words. */
    static String why(String message) {
        String detail = message == null ? "" : message;
        int msg = detail.indexOf("Message: "); // the JDK's own StAX parser prefixes its location so
        detail = msg >= 0 ? detail.substring(msg + "Message: ".length()) : detail;
        detail = LOCATION_SUFFIX.matcher(detail).replaceFirst("").strip();
        for (Rule r : RULES) {
            Matcher m = r.pattern().matcher(detail);
            if (m.matches()) {
                return r.words().apply(m);
            }
        }
        String plain = plain(detail).strip();
        return plain.isEmpty() ? "the parser gave no reason" : plain;
    }

    /** Without character codes, a final period or a capital first letter. */
    private static String plain(String words) {
        String s = CODE.matcher(words).replaceAll("").replace("prolog", "before the root element")
                .replace("epilog", "after the root element");
        s = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && !Character.isUpperCase(s.charAt(1))) {
            s = Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }
}
