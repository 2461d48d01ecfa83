package dev.tributary.node.readme;

import java.util.ArrayList;
import java.util.List;

/**
 * The shell examples of a README, read from its {@code ```sh} blocks: each command (a line, joined with the
 * next when it ends with a backslash), whether it runs in the background (it ends with {@code &}), and the
 * output lines the README documents for it (the {@code # ...} lines right after it). A block right after the
 * line {@link #NOT_RUN} (followed by the reason) is left out: building and testing the project itself.
 */
final class ReadmeExamples {
    /** The marker of a block not to run, in an HTML comment README does not show. */
    static final String NOT_RUN = "<!-- not run by ReadmeExamplesIT:";

    private ReadmeExamples() {
    }

    /** One command of an example; {@code expectedOut} are lines its standard output must contain. */
    record Step(String command, boolean background, List<String> expectedOut) {
    }

    /** One {@code ```sh} block of {@code file}, starting at {@code line} (1-based). */
    record Example(String file, int line, List<Step> steps) {
        @Override
        public String toString() {
            return file + " line " + line + ": " + steps.get(0).command();
        }
    }

    /** The examples of README's {@code markdown} that are to be run, in order. */
    static List<Example> parse(String markdown) {
        return parse("README.md", markdown);
    }

    /** The examples of {@code markdown}, the text of {@code file}, that are to be run, in order. */
    static List<Example> parse(String file, String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Example> examples = new ArrayList<>();
        String previous = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().equals("```sh")) {
                int end = i + 1;
                while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                    end++;
                }
                if (!previous.strip().startsWith(NOT_RUN)) {
                    examples.add(new Example(file, i + 1, steps(lines.subList(i + 1, end))));
                }
                i = end;
                previous = "";
            } else if (!line.isBlank()) {
                previous = line;
            }
        }
        return examples;
    }

    private static List<Step> steps(List<String> block) {
        List<Step> steps = new ArrayList<>();
        StringBuilder command = new StringBuilder();
        for (String raw : block) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (command.length() == 0 && line.startsWith("#")) {
                if (steps.isEmpty() || steps.get(steps.size() - 1).background()) {
                    throw new IllegalArgumentException("output line '" + line + "' follows no foreground command");
                }
                steps.get(steps.size() - 1).expectedOut().add(line.substring(1).strip());
                continue;
            }
            if (line.endsWith("\\")) {
                command.append(line.substring(0, line.length() - 1).strip()).append(" ");
                continue;
            }
            command.append(line);
            String text = command.toString().strip();
            command.setLength(0);
            boolean background = text.endsWith("&") && !text.endsWith("&&");
            steps.add(new Step(background ? text.substring(0, text.length() - 1).strip() : text, background,
                    new ArrayList<>()));
        }
        return steps;
    }
}
