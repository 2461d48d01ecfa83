package dev.tributary.node.cli;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is wrong with a config file that is not TOML, in words that say what to fix: the TOML parser's own messages
 * ("Unknown token", "Newline not permitted here") name what it met, not what the file lacks.
 */
final class TomlSyntax {
    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("Unknown token", "a value that is not TOML: text goes in double quotes (network = \"regtest\"),"
                    + " numbers and true/false without, lists in [ ]"),
            Map.entry("Newline not permitted here", "a line ends before its value or name is closed (a missing"
                    + " closing quote or ])"),
            Map.entry("Premature end of file", "the file ends before its last value or name is closed (a missing"
                    + " closing quote or ])"),
            Map.entry("Duplicate key", "a key given twice"),
            Map.entry("Table redefined", "a [table] given twice"),
            Map.entry("Comment not permitted here", "a # comment where a value belongs"),
            Map.entry("Illegal control character", "a control character (such as a tab) inside a quoted text"),
            Map.entry("Unknown escape sequence", "a backslash in a \"quoted\" text that is not an escape (write \\\\, or"
                    + " use 'single quotes', which keep backslashes)"),
            Map.entry("Array already closed", "a ] with no list open"),
            Map.entry("Object already closed", "a } with no inline table open"),
            Map.entry("More data after value has already ended", "more after a value where a comma, a ] or the end"
                    + " of the line belongs (a list not closed with ] on its line? items without a comma between"
                    + " them? two values for one key?)"));

    /** The parser's "Unexpected token: Got X, expected Y", where X and Y are its token names. */
    private static final Pattern UNEXPECTED = Pattern.compile("Unexpected token: Got (\\w+), expected (.+)");

    /** The parser's token names, in the words of the file. */
    private static final Map<String, String> TOKENS = Map.ofEntries(
            Map.entry("UNQUOTED_KEY", "a name"), Map.entry("DOT_SEP", "a ."), Map.entry("STRING", "a quoted text"),
            Map.entry("TRUE", "true"), Map.entry("FALSE", "false"), Map.entry("OFFSET_DATE_TIME", "a date"),
            Map.entry("LOCAL_DATE_TIME", "a date"), Map.entry("LOCAL_DATE", "a date"), Map.entry("LOCAL_TIME", "a time"),
            Map.entry("FLOAT", "a number"), Map.entry("INTEGER", "a number"), Map.entry("STD_TABLE_OPEN", "a ["),
            Map.entry("STD_TABLE_CLOSE", "a ]"), Map.entry("INLINE_TABLE_OPEN", "a {"),
            Map.entry("INLINE_TABLE_CLOSE", "a }"), Map.entry("ARRAY_TABLE_OPEN", "a [["),
            Map.entry("ARRAY_TABLE_CLOSE", "a ]]"), Map.entry("ARRAY_OPEN", "a ["), Map.entry("ARRAY_CLOSE", "a ]"),
            Map.entry("KEY_VAL_SEP", "an ="), Map.entry("COMMA", "a comma"),
            Map.entry("ARRAY_WS_COMMENT_NEWLINE", "the end of the line"));

    private TomlSyntax() {
    }

    /** The parser's message in words: a known one explained, any other kept as it is. */
    static String describe(String parserMessage) {
        String message = parserMessage == null ? "" : parserMessage.replaceAll("\\s+", " ").strip();
        for (Map.Entry<String, String> known : WORDS.entrySet()) {
            if (message.startsWith(known.getKey())) {
                return known.getValue();
            }
        }
        Matcher unexpected = UNEXPECTED.matcher(message);
        if (unexpected.matches()) {
            String expected = unexpected.group(2).equals("key or table") ? "a line key = value, a [table] or a # comment"
                    : unexpected.group(2);
            return TOKENS.getOrDefault(unexpected.group(1), "something") + " where " + expected + " belongs";
        }
        return message.isEmpty() ? "the parser stopped here" : message;
    }
}
