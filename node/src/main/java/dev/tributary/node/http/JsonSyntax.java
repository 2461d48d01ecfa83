package dev.tributary.node.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is wrong with text that is not JSON, in Tributary's words: what was expected, what was found instead, and
 * where, such as {@code expected a value (a string in double quotes, a number, an object, an array, true, false or
 * null), found 'blue' (line 1, column 1)}. The one place that turns the JSON parser's (Jackson's) syntax errors into
 * words: every reader of JSON a user wrote (request bodies, record documents, database values) says it this way,
 * after its own {@code not JSON: }. Never the parser's own wording, nor a Java name.
 */
public final class JsonSyntax {
    /** What JSON takes where a value starts, as the messages say it. */
    public static final String A_VALUE = "a value (a string in double quotes, a number, an object, an array, true, false"
            + " or null)";

    private static final Pattern UNRECOGNIZED = Pattern.compile("^Unrecognized token '(.*)': was expecting.*");
    private static final Pattern CHARACTER = Pattern.compile("^Unexpected character \\('(.)' \\(code \\d+\\)\\)(.*)$",
            Pattern.DOTALL);
    private static final Pattern UNCLOSED = Pattern.compile(
            "^Unexpected end-of-input: expected close marker for (Array|Object) \\(start marker at .*?line: (\\d+),"
                    + " column: (\\d+)\\].*", Pattern.DOTALL);
    private static final Pattern CLOSE = Pattern.compile(
            "^Unexpected close marker '(.)': expected '(.)' \\(for (Array|Object|root) starting at .*?line: (\\d+)"
                    + "(?:, column: (\\d+))?\\].*", Pattern.DOTALL);
    private static final Pattern ESCAPE = Pattern.compile("^Unrecognized character escape '(.)'.*", Pattern.DOTALL);
    private static final Pattern CONTROL = Pattern.compile("^Illegal (unquoted )?character \\(\\(CTRL-CHAR, code (\\d+)\\)\\).*",
            Pattern.DOTALL);
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.*)'.*", Pattern.DOTALL);
    private static final Pattern NON_NUMBER = Pattern.compile("^Non-standard token '(.*?)'.*", Pattern.DOTALL);
    private static final Pattern UTF8 = Pattern.compile("^Invalid UTF-8 .*?byte (0x[0-9a-fA-F]+).*", Pattern.DOTALL);

    private JsonSyntax() {
    }

    /**
     * What is wrong with the text, and where ({@code (line L, column C)}, when the parser knows): a sentence without
     * a leading {@code not JSON: }, for the caller to put after its own words.
     */
    public static String describe(JsonProcessingException e) {
        JsonProcessingException read = e instanceof JsonMappingException m
                && m.getCause() instanceof StreamReadException r ? r : e;
        String message = read.getOriginalMessage() == null ? "" : read.getOriginalMessage();
        Matcher token = UNRECOGNIZED.matcher(message);
        if (token.matches()) {
            // the parser stands after the word it could not read; the user wants where the word starts
            return "expected " + A_VALUE + ", found '" + token.group(1) + "'" + where(read.getLocation(), token.group(1).length());
        }
        Matcher word = NON_NUMBER.matcher(message);
        return what(message) + where(read.getLocation(), word.matches() ? word.group(1).length() : 0);
    }

    /** The parser's message in words, without the place. */
    private static String what(String message) {
        Matcher m;
        if ((m = CHARACTER.matcher(message)).matches()) {
            return unexpected(shown(m.group(1).charAt(0)), m.group(2));
        }
        if ((m = UNCLOSED.matcher(message)).matches()) {
            boolean array = m.group(1).equals("Array");
            return "expected " + (array ? "]" : "}") + " to close the " + (array ? "array" : "object") + " opened at line "
                    + m.group(2) + ", column " + m.group(3) + ", found the end of the text";
        }
        if (message.startsWith("Unexpected end-of-input")) {
            if (message.contains("closing quote")) {
                return "expected \" to close the string, found the end of the text";
            }
            if (message.contains("digit")) {
                return "expected a digit of the number, found the end of the text";
            }
            if (message.contains("Object entries") || message.contains("Array entries")) {
                return "expected the rest of the " + (message.contains("Object") ? "object" : "array")
                        + ", found the end of the text";
            }
            return "expected the rest of the value, found the end of the text";
        }
        if ((m = CLOSE.matcher(message)).matches()) {
            if (m.group(3).equals("root")) {
                return "found '" + m.group(1) + "', which closes nothing";
            }
            boolean array = m.group(3).equals("Array");
            return "expected " + m.group(2) + " to close the " + (array ? "array" : "object") + " opened at line "
                    + m.group(4) + ", column " + m.group(5) + ", found '" + m.group(1) + "'";
        }
        if ((m = ESCAPE.matcher(message)).matches()) {
            return "expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u and 4 hex digits), found \\" + m.group(1);
        }
        if ((m = CONTROL.matcher(message)).matches()) {
            String c = codePoint(Integer.parseInt(m.group(2)));
            return m.group(1) != null ? "found the control character " + c + " in a string (write it as \\u"
                    + c.substring(2) + ")" : "found the control character " + c + " between values";
        }
        if ((m = DUPLICATE.matcher(message)).matches()) {
            return "the field \"" + m.group(1) + "\" appears twice in one object";
        }
        if (message.startsWith("Trailing token")) {
            return "more follows the value (one JSON value only)";
        }
        if (message.startsWith("Invalid numeric value: Leading zeroes")) {
            return "a number starts with 0 followed by digits (no leading zeros in JSON)";
        }
        if ((m = NON_NUMBER.matcher(message)).matches()) {
            return "found " + m.group(1) + ", which is not a JSON number";
        }
        if ((m = UTF8.matcher(message)).matches()) {
            return "the text is not UTF-8 (the byte " + m.group(1).toLowerCase(java.util.Locale.ROOT) + ")";
        }
        if (message.startsWith("No content to map")) {
            return "the text is empty";
        }
        return "the text is not valid JSON";
    }

    /** A character the parser did not expect, and what it expected instead ({@code rest}: the parser's words). */
    private static String unexpected(String found, String rest) {
        String expected;
        if (rest.contains("expected a valid value")) {
            expected = A_VALUE;
        } else if (rest.contains("double-quote to start field name")) {
            expected = "a field name in double quotes";
        } else if (rest.contains("colon to separate field name and value")) {
            expected = ": after the field name";
        } else if (rest.contains("comma to separate Object entries")) {
            expected = ", or } after the field's value";
        } else if (rest.contains("comma to separate Array entries")) {
            expected = ", or ] after the array's item";
        } else if (rest.contains("hex-digit")) {
            expected = "4 hex digits after \\u";
        } else if (rest.contains("plus sign")) {
            expected = "a number without a plus sign";
        } else if (rest.contains("numeric value")) {
            expected = "a digit of the number";
        } else {
            return "found " + found + " where it does not belong";
        }
        return "expected " + expected + ", found " + found;
    }

    /** A character as the message quotes it: {@code 'x'}, {@code "'"}, or a control character's code point. */
    private static String shown(char c) {
        if (Character.isISOControl(c)) {
            return "the control character " + codePoint(c);
        }
        return c == '\'' ? "\"'\"" : "'" + c + "'";
    }

    private static String codePoint(int c) {
        return String.format(java.util.Locale.ROOT, "U+%04X", c);
    }

    /**
     * {@code (line L, column C)} of where the parser stood, moved back {@code back} columns (to the start of the word
     * it stands after); empty when it does not know.
     */
    private static String where(JsonLocation at, int back) {
        if (at == null || at.getLineNr() < 1 || at.getColumnNr() < 1) {
            return "";
        }
        return " (line " + at.getLineNr() + ", column " + Math.max(1, at.getColumnNr() - back) + ")";
    }
}
