package dev.tributary.node.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation stands alone in the repository: every relative link of every Markdown file (README.md,
 * CONCURRENCY.md, docs/, the READMEs beside test data and interop tools) resolves to a file of the repository,
 * and to a heading when it names one; and none points to the documents the project was started from, which a
 * clone does not have.
 */
class DocumentationLinksTest {
    private static final Path ROOT = Path.of(System.getProperty("tributary.root", "..")).toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    /** What a clone lacks: the context documents outside the repository. */
    private static final List<String> OUTSIDE = List.of("../shared", "shared/data", "shared/seeds", "SPEC.md",
            "DESIGN.md", "SPEC section", "the SPEC");

    @Test
    void everyRelativeLinkResolvesInTheRepository() {
        List<Path> files = markdownFiles();
        assertThat(files).contains(ROOT.resolve("README.md"), ROOT.resolve("docs/design.md"),
                ROOT.resolve("docs/bitcoin-wire.md"));
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path f : files) {
            List<String> problems = brokenLinks(f, read(f));
            broken.addAll(problems);
            links += links(read(f)).size();
        }
        assertThat(links).as("links checked").isGreaterThan(20);
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void nothingPointsOutsideTheRepository() {
        List<String> found = new ArrayList<>();
        for (Path f : markdownFiles()) {
            List<String> lines = read(f);
            for (int i = 0; i < lines.size(); i++) {
                for (String outside : OUTSIDE) {
                    if (lines.get(i).contains(outside)) {
                        found.add(ROOT.relativize(f) + ":" + (i + 1) + ": " + outside);
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void aBrokenLinkIsReported() throws IOException {
        Path docs = ROOT.resolve("docs");
        List<String> text = List.of("# Title", "[ok](design.md) [ok too](#title) [web](https://example.org/x)",
                "[missing](no-such-file.md) [bad anchor](design.md#no-such-heading) [outside](../../etc/hosts)",
                "```", "[in code](nowhere.md)", "```");
        List<String> broken = brokenLinks(docs.resolve("example.md"), text);
        assertThat(broken).hasSize(3);
        assertThat(broken.get(0)).contains("no-such-file.md");
        assertThat(broken.get(1)).contains("#no-such-heading");
        assertThat(broken.get(2)).contains("../../etc/hosts");
    }

    /** The links of {@code lines} that do not resolve, each as "FILE:LINE: TARGET (why)". */
    private static List<String> brokenLinks(Path file, List<String> lines) {
        List<String> broken = new ArrayList<>();
        for (Link link : links(lines)) {
            String target = link.target();
            if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                continue; // http:, https:, mailto:
            }
            int hash = target.indexOf('#');
            String path = hash >= 0 ? target.substring(0, hash) : target;
            String anchor = hash >= 0 ? target.substring(hash + 1) : null;
            Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
            String where = ROOT.relativize(file) + ":" + link.line() + ": " + target;
            if (!resolved.startsWith(ROOT)) {
                broken.add(where + " (outside the repository)");
            } else if (!Files.exists(resolved) && !resolved.equals(file)) {
                broken.add(where + " (no such file)");
            } else if (anchor != null && resolved.toString().endsWith(".md")
                    && !anchors(resolved.equals(file) ? lines : read(resolved)).contains(anchor)) {
                broken.add(where + " (no such heading)");
            }
        }
        return broken;
    }

    private record Link(int line, String target) {
    }

    /** The inline links outside fenced code blocks. */
    private static List<Link> links(List<String> lines) {
        List<Link> links = new ArrayList<>();
        boolean code = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.trim().startsWith("```")) {
                code = !code;
                continue;
            }
            if (code) {
                continue;
            }
            Matcher m = LINK.matcher(line);
            while (m.find()) {
                links.add(new Link(i + 1, m.group(1)));
            }
        }
        return links;
    }

    /** The anchors GitHub makes of the headings: lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> anchors(List<String> lines) {
        Set<String> anchors = new HashSet<>();
        boolean code = false;
        for (String line : lines) {
            if (line.trim().startsWith("```")) {
                code = !code;
            }
            Matcher m = HEADING.matcher(line);
            if (!code && m.matches()) {
                String slug = m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
                        .replace(' ', '-');
                String unique = slug;
                for (int n = 1; !anchors.add(unique); n++) {
                    unique = slug + "-" + n;
                }
            }
        }
        return anchors;
    }

    private static List<Path> markdownFiles() {
        try (Stream<Path> walk = Files.walk(ROOT)) {
            return walk.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> {
                        Path rel = ROOT.relativize(p);
                        for (Path part : rel) {
                            String s = part.toString();
                            if (s.equals("target") || s.equals("node_modules") || s.startsWith(".")) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
