package dev.tributary.node.cli;

import java.util.Map;

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
            Map.entry("Object already closed", "a } with no inline table open"));

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
        return message.isEmpty() ? "the parser stopped here" : message;
    }
}
