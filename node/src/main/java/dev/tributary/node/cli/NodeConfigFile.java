package dev.tributary.node.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code tributary node --config FILE}: a TOML file whose keys are the options of {@code node} without their
 * {@code --} ({@code max-outbound = 8}, {@code network = ["regtest"]}, {@code headers-only = true}). Its options
 * are put before the command line's, for the options the command line does not give: a flag always wins over the
 * file. Checked whole before the node starts: each unknown key, value of the wrong type, or value out of range is
 * one line naming the file, the line and the key ({@code node.toml:4: max-outbound must be from 0 to 1000, not
 * 5000}). A relative {@code datadir} is taken from the file's directory.
 */
final class NodeConfigFile {
    /** Options that are not configuration. */
    private static final Set<String> NOT_KEYS = Set.of("config", "help", "version");
    /** Ranges of the numeric options, as the command checks them. */
    private static final Map<String, long[]> RANGES = Map.of(
            "max-outbound", new long[] {0, NodeCommand.MAX_OUTBOUND},
            "max-upload-rate", new long[] {0, Long.MAX_VALUE},
            "batch-size", new long[] {1, 1000},
            "stall-timeout", new long[] {1, SyncOptions.MAX_STALL_SECONDS},
            "records-priority", new long[] {dev.tributary.records.DigestEntry.STRONGEST_PRIORITY,
                dev.tributary.records.DigestEntry.WEAKEST_PRIORITY},
            "events-max-runs", new long[] {1, RecordsOptions.MAX_EVENT_RUNS});
    /** What the entries of a table option hold, for a value of another type. */
    private static final Map<String, String> TABLE_VALUES = Map.of(
            "--records-table", "a JDBC URL in quotes (\"jdbc:sqlite:FILE\", \"jdbc:postgresql://HOST/DB\" or"
                    + " \"jdbc:mariadb://HOST/DB\")",
            "--records-key", "a column name in quotes");
    private static final Pattern KEY_LINE = Pattern.compile("^\\s*(?:\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_.-]+))\\s*=");
    private static final Pattern TABLE_LINE = Pattern.compile("^\\s*\\[+\\s*([^\\]]*?)\\s*\\]");

    /** The file was not valid: one line per error, each naming the file and line. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        final List<String> errors;

        Invalid(List<String> errors) {
            super(String.join("; ", errors));
            this.errors = List.copyOf(errors);
        }
    }

    private NodeConfigFile() {
    }

    /**
     * The arguments of {@code node} with those of the config file that {@code args} names ({@code --config FILE})
     * put first, for each option {@code args} does not give; {@code args} themselves when they name no file.
     *
     * @param node the {@code node} command's command line, for its options and their converters
     * @throws Invalid with one line per error in the file
     */
    static List<String> expand(CommandLine node, List<String> args) throws Invalid {
        Path file = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--config") && i + 1 < args.size()) {
                file = Path.of(args.get(i + 1));
            } else if (a.startsWith("--config=")) {
                file = Path.of(a.substring("--config=".length()));
            }
        }
        if (file == null) {
            return args;
        }
        List<String> fromFile = read(node, file);
        List<String> out = new ArrayList<>();
        Set<String> taken = new java.util.HashSet<>();
        for (int i = 0; i < fromFile.size(); ) {
            String option = fromFile.get(i);
            int j = i + 1;
            while (j < fromFile.size() && !fromFile.get(j).startsWith("--")) {
                j++;
            }
            if (!given(args, option)) {
                out.addAll(fromFile.subList(i, j));
                taken.add(option);
            }
            i = j;
        }
        out.addAll(args);
        checkRecords(file, out, taken);
        return out;
    }

    /**
     * The record options' own checks ({@link RecordsOptions#problems}) of the options taken from the file, each
     * an error at its line: those of the command line are the command's to report.
     */
    private static void checkRecords(Path file, List<String> all, Set<String> fromFile) throws Invalid {
        CommandLine fresh = TributaryCommand.commandLine();
        List<String> parsed = new ArrayList<>(all);
        parsed.add(0, "node");
        try {
            fresh.parseArgs(parsed.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            return; // the command reports it
        }
        NodeCommand command = fresh.getSubcommands().get("node").getCommand();
        Map<String, Integer> lines;
        try {
            lines = keyLines(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return; // read a moment ago: the command reports it
        }
        List<String> errors = new ArrayList<>();
        for (RecordsOptions.Problem p : command.records.problems(command.http != null)) {
            if (fromFile.contains(p.option())) {
                String key = p.option().substring(2);
                Integer line = p.entry() != null ? lines.get(key + "." + p.entry()) : null;
                errors.add(where(file, line != null ? line : lines.getOrDefault(key, -1))
                        + asInFile(p).replaceAll("--([a-z][a-z-]*)", "$1"));
            }
        }
        if (!errors.isEmpty()) {
            throw new Invalid(errors);
        }
    }

    /**
     * A record option's problem named as the file names it: an entry of a table option as
     * {@code [records-table] customers: ...}, not as the command line's {@code --records-table customers: ...}.
     */
    static String asInFile(RecordsOptions.Problem p) {
        String m = p.message();
        if (p.entry() == null) {
            return m;
        }
        String key = p.option().substring(2);
        for (String prefix : List.of(p.option() + " " + p.entry() + ": ", "record collection '" + p.entry() + "': ")) {
            if (m.startsWith(prefix)) {
                return "[" + key + "] " + p.entry() + ": " + m.substring(prefix.length());
            }
        }
        java.util.regex.Matcher kv = Pattern.compile("^" + Pattern.quote(p.option() + " " + p.entry() + "=")
                + "([^:]*): ").matcher(m);
        if (kv.find()) {
            return "[" + key + "] " + p.entry() + " = \"" + kv.group(1) + "\": " + m.substring(kv.end());
        }
        return m;
    }

    private static boolean given(List<String> args, String option) {
        return args.stream().anyMatch(a -> a.equals(option) || a.startsWith(option + "="));
    }

    /**
     * The options {@code file} holds, as arguments ({@code --max-outbound 8 --network regtest ...}).
     *
     * @throws Invalid with one line per error
     */
    static List<String> read(CommandLine node, Path file) throws Invalid {
        String text;
        try {
            InputFiles.requireReadable(file);
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Invalid(List.of(e.getMessage().replaceFirst("^cannot read ", "cannot read the config file ")));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new Invalid(List.of("cannot read the config file " + file + ": it is not UTF-8 text"));
        } catch (IOException e) {
            throw new Invalid(List.of("cannot read the config file " + file + ": " + UserErrors.describe(e)));
        }
        JsonNode root;
        try {
            root = new TomlMapper().readTree(text);
        } catch (JacksonException e) {
            int line = e.getLocation() != null ? e.getLocation().getLineNr() : -1;
            throw new Invalid(List.of(where(file, line) + "not TOML: " + TomlSyntax.describe(e.getOriginalMessage())));
        }
        Map<String, Integer> lines = keyLines(text);
        Map<String, OptionSpec> options = new HashMap<>();
        for (OptionSpec o : node.getCommandSpec().options()) {
            String key = o.longestName().replaceFirst("^--", "");
            if (!NOT_KEYS.contains(key)) {
                options.put(key, o);
            }
        }
        List<String> errors = new ArrayList<>();
        List<String> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String key = e.getKey();
            String at = where(file, lines.getOrDefault(key, -1));
            OptionSpec option = options.get(key);
            if (option == null) {
                List<String> keys = options.keySet().stream().sorted().toList();
                List<String> meant = CloseNames.to(key, keys);
                errors.add(at + "unknown key '" + key + "'" + (e.getValue().isObject() ? " (a table)" : "")
                        + (meant.isEmpty() ? "" : " (did you mean "
                                + String.join(" or ", meant.subList(0, Math.min(3, meant.size()))) + "?)")
                        + "; the keys are " + String.join(", ", keys));
                continue;
            }
            if (option.typeInfo().isMap() && option.arity().max() != 0) {
                Wrong wrong = convertTable(node, "--" + key, e.getValue(), out);
                if (wrong != null) {
                    // an entry's mistake at the entry's line, named as the file names it: [records-table] customers
                    Integer line = wrong.entry() == null ? null : lines.get(key + "." + wrong.entry());
                    errors.add(where(file, line != null ? line : lines.getOrDefault(key, -1))
                            + (wrong.entry() == null ? key + " " : "[" + key + "] " + wrong.entry() + ": ")
                            + wrong.text());
                }
                continue;
            }
            String error = convert(node, key, option, e.getValue(), file, out);
            if (error != null) {
                errors.add(at + key + " " + error);
            }
        }
        if (!errors.isEmpty()) {
            throw new Invalid(errors);
        }
        return out;
    }

    /** Adds {@code key = value} to {@code out} as arguments; returns what is wrong with it, or null. */
    private static String convert(CommandLine node, String key, OptionSpec option, JsonNode value, Path file,
            List<String> out) {
        String flag = "--" + key;
        Class<?> type = option.type();
        if (option.arity().max() == 0) {
            if (!value.isBoolean()) {
                return "must be true or false, not " + shown(value);
            }
            if (value.booleanValue()) {
                out.add(flag);
            }
            return null;
        }
        List<JsonNode> values = new ArrayList<>();
        if (option.isMultiValue()) {
            if (value.isArray()) {
                value.forEach(values::add);
            } else {
                values.add(value);
            }
        } else {
            values.add(value);
        }
        List<String> args = new ArrayList<>();
        for (JsonNode v : values) {
            if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
                if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                    return "must be a whole number, not " + shown(v);
                }
                long[] range = RANGES.get(key);
                long n = v.longValue();
                if (range != null && (n < range[0] || n > range[1])) {
                    return "must be " + (range[1] == Long.MAX_VALUE ? range[0] + " or more" : "from " + range[0]
                            + " to " + range[1]) + ", not " + n;
                }
                args.add(Long.toString(n));
            } else {
                if (!v.isTextual()) {
                    return "must be " + (option.isMultiValue() ? "a string or a list of strings" : "a string")
                            + ", not " + shown(v);
                }
                String s = v.textValue();
                if (key.equals("datadir") && !s.isEmpty() && !Path.of(s).isAbsolute()) {
                    Path dir = file.toAbsolutePath().getParent();
                    s = dir.resolve(s).normalize().toString();
                }
                if (key.equals("network")) {
                    try {
                        if (!NetworkConverter.isDag(s)) {
                            NetworkConverter.chain(s, NetworkConverter.ALL);
                        }
                    } catch (CommandLine.TypeConversionException e) {
                        return "is wrong: " + e.getMessage();
                    }
                }
                args.add(s);
            }
        }
        for (String a : args) {
            String problem = checkedByPicocli(node, flag, a);
            if (problem != null) {
                return problem;
            }
            out.add(flag);
            out.add(a);
        }
        return null;
    }

    /** What is wrong with a table option: with one of its entries ({@code entry} its name), or with it all (null). */
    private record Wrong(String entry, String text) {
    }

    /**
     * Adds a table of strings ({@code records-table = { customers = "jdbc:..." }}) as {@code --flag k=v} each;
     * returns what is wrong with it, or null.
     */
    private static Wrong convertTable(CommandLine node, String flag, JsonNode value, List<String> out) {
        if (!value.isObject()) {
            return new Wrong(null, "must be a table of names and strings ({ NAME = \"...\" }), not " + shown(value));
        }
        List<String> args = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!f.getValue().isTextual()) {
                return new Wrong(f.getKey(), "the value must be " + TABLE_VALUES.getOrDefault(flag, "a string")
                        + ", not " + shown(f.getValue()));
            }
            String arg = f.getKey() + "=" + f.getValue().textValue();
            String problem = checkedByPicocli(node, flag, arg);
            if (problem != null) {
                return new Wrong(f.getKey(), problem.replaceFirst("^is wrong: ", ""));
            }
            args.add(arg);
        }
        for (String a : args) {
            out.add(flag);
            out.add(a);
        }
        return null;
    }

    /** What the option's own converter says of {@code value}, or null when it takes it. */
    private static String checkedByPicocli(CommandLine node, String flag, String value) {
        CommandLine fresh = TributaryCommand.commandLine();
        try {
            fresh.parseArgs(node.getCommandName(), flag, value);
            return null;
        } catch (CommandLine.MissingParameterException fine) {
            return null; // the value converted; only the other required options are missing
        } catch (CommandLine.ParameterException e) {
            return "is wrong: " + UsageErrors.inWords(e).replaceFirst("^Invalid value for option '" + flag
                    + "' \\([^)]*\\): ", "").replaceFirst("^Invalid value for option '" + flag + "': ", "");
        }
    }

    private static String shown(JsonNode v) {
        if (v.isTextual()) {
            return "\"" + v.textValue() + "\" (a string)";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "a table";
        }
        return v.toString();
    }

    private static String where(Path file, int line) {
        return file + (line > 0 ? ":" + line : "") + ": ";
    }

    /**
     * The line of each top-level key (and of each table, by its first name), 1-based; and of each key of a table,
     * as {@code table.key}.
     */
    static Map<String, Integer> keyLines(String text) {
        Map<String, Integer> lines = new HashMap<>();
        String[] all = text.split("\r?\n", -1);
        String table = null;
        for (int i = 0; i < all.length; i++) {
            Matcher t = TABLE_LINE.matcher(all[i]);
            if (t.find()) {
                table = t.group(1).split("\\.", 2)[0].replace("\"", "").replace("'", "").strip();
                lines.putIfAbsent(table, i + 1);
                continue;
            }
            Matcher m = KEY_LINE.matcher(all[i]);
            if (m.find()) {
                String key = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                lines.putIfAbsent(table == null ? key.split("\\.", 2)[0] : table + "." + key, i + 1);
            }
        }
        return lines;
    }
}
