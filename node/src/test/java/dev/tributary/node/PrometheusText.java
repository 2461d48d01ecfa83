package dev.tributary.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of Prometheus's text exposition format, version 0.0.4 (no Java library ships one): every
 * line is a {@code # HELP}, a {@code # TYPE}, a comment or a sample; names and label names are valid, label values
 * correctly escaped, values numbers; a family's {@code TYPE} comes once, before its samples, which are
 * contiguous; no series appears twice; counters' samples end in {@code _total}. Any deviation fails the parse.
 */
final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One series: its metric name, its labels sorted by name, and its value. */
    record Sample(String name, Map<String, String> labels, double value) {
        String series() {
            return name + labels;
        }
    }

    /** What a scrape holds: each family's type and help, and each sample. */
    record Scrape(Map<String, String> types, Map<String, String> help, List<Sample> samples) {
        /** Samples of {@code name}. */
        List<Sample> of(String name) {
            return samples.stream().filter(s -> s.name().equals(name)).toList();
        }

        /** The value of the series {@code name} whose labels include {@code labels}, summed over the others. */
        double sum(String name, Map<String, String> labels) {
            return of(name).stream().filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
                    .mapToDouble(Sample::value).sum();
        }
    }

    private PrometheusText() {
    }

    /** @throws IllegalArgumentException naming the line, at the first deviation from the format */
    static Scrape parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> help = new HashMap<>();
        List<Sample> samples = new ArrayList<>();
        Set<String> series = new HashSet<>();
        Set<String> closedFamilies = new HashSet<>();
        String currentFamily = null;
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition does not end with a line feed");
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            int n = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length >= 3 && (parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
                    String family = parts[2];
                    require(NAME.matcher(family).matches(), n, "bad metric name " + family);
                    if (parts[1].equals("TYPE")) {
                        require(parts.length == 4 && TYPES.contains(parts[3]), n, "bad type in " + line);
                        require(!types.containsKey(family), n, "a second TYPE for " + family);
                        require(!closedFamilies.contains(family) && !family.equals(currentFamily), n,
                                "TYPE of " + family + " after its samples");
                        types.put(family, parts[3]);
                    } else {
                        require(!help.containsKey(family), n, "a second HELP for " + family);
                        help.put(family, parts.length == 4 ? parts[3] : "");
                    }
                }
                continue;
            }
            Sample s = sample(line, n);
            String family = familyOf(s.name(), types);
            require(family != null, n, "a sample of " + s.name() + " without a TYPE line before it");
            if (!family.equals(currentFamily)) {
                require(!closedFamilies.contains(family), n, "samples of " + family + " are not contiguous");
                if (currentFamily != null) {
                    closedFamilies.add(currentFamily);
                }
                currentFamily = family;
            }
            if (types.get(family).equals("counter")) {
                require(s.name().endsWith("_total") || s.name().endsWith("_created"), n,
                        "counter sample " + s.name() + " does not end in _total");
            }
            require(series.add(s.series()), n, "series " + s.series() + " appears twice");
            samples.add(s);
        }
        return new Scrape(types, help, samples);
    }

    private static String familyOf(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : List.of("_total", "_created", "_bucket", "_count", "_sum")) {
            if (name.endsWith(suffix) && types.containsKey(name.substring(0, name.length() - suffix.length()))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return null;
    }

    private static Sample sample(String line, int n) {
        Matcher m = NAME.matcher(line);
        require(m.lookingAt(), n, "no metric name at the start of: " + line);
        String name = m.group();
        int i = m.end();
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                Matcher ln = LABEL_NAME.matcher(line).region(i, line.length());
                require(ln.lookingAt(), n, "bad label name in: " + line);
                String label = ln.group();
                i = ln.end();
                require(line.startsWith("=\"", i), n, "no =\" after label " + label + " in: " + line);
                i += 2;
                StringBuilder value = new StringBuilder();
                while (true) {
                    require(i < line.length(), n, "unterminated label value in: " + line);
                    char c = line.charAt(i++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        require(i < line.length(), n, "dangling escape in: " + line);
                        char e = line.charAt(i++);
                        require(e == '\\' || e == '"' || e == 'n', n, "bad escape \\" + e + " in: " + line);
                        value.append(e == 'n' ? '\n' : e);
                    } else {
                        value.append(c);
                    }
                }
                require(labels.put(label, value.toString()) == null, n, "label " + label + " twice in: " + line);
                if (line.charAt(i) == ',') {
                    i++;
                } else {
                    require(line.charAt(i) == '}', n, "expected , or } in: " + line);
                }
            }
            i++;
        }
        require(i < line.length() && line.charAt(i) == ' ', n, "no space before the value in: " + line);
        String[] rest = line.substring(i + 1).split(" ");
        require(rest.length == 1 || rest.length == 2, n, "extra fields in: " + line);
        double value = number(rest[0], n);
        if (rest.length == 2) {
            require(rest[1].matches("-?[0-9]+"), n, "bad timestamp in: " + line);
        }
        return new Sample(name, labels, value);
    }

    private static double number(String s, int n) {
        switch (s) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                require(s.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?"), n, "bad value " + s);
                return Double.parseDouble(s);
        }
    }

    private static void require(boolean ok, int line, String what) {
        if (!ok) {
            throw new IllegalArgumentException("line " + line + ": " + what);
        }
    }
}
