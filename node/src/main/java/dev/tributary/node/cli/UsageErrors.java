package dev.tributary.node.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * Bad usage (an unknown option, a missing or invalid value): one line, {@code error: <what> (see 'tributary
 * <command> --help')}, and exit code 2, instead of picocli's message followed by the whole usage text; picocli's
 * wording is put in the CLI's own style ({@link #ownStyle}: {@code error: unknown option '--sorce'}).
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        e = unknownOptionFirst(e);
        PrintWriter err = cl.getErr();
        Progress.endOpenLine();
        StringBuilder line = new StringBuilder("error: ").append(ownStyle(inWords(e)));
        List<String> meant = e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                ? CloseNames.to(u.getUnmatched().get(0), u.getSuggestions()) : List.of();
        if (!meant.isEmpty()) {
            line.append(" (did you mean ").append(String.join(" or ", meant.subList(0, Math.min(3, meant.size()))))
                    .append("?)");
        }
        line.append(seeHelp(cl));
        err.println(line);
        err.flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * picocli checks the required options before it reports the unknown ones, so a misspelt required option
     * ({@code --sorce URL}) would be reported as missing ({@code Missing required option: '--source=URL'}), which the
     * user believes they gave; the unknown option, with the name meant, is the error to show. An unknown option's
     * value, which picocli leaves unmatched too, is not named as another unknown option.
     */
    private static CommandLine.ParameterException unknownOptionFirst(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && u.getUnmatched().get(0).startsWith("-")) {
            // "unknown options '--datadir', '/tmp/db'": the value after the unknown option is no option
            List<String> options = u.getUnmatched().stream().filter(a -> a.startsWith("-")).toList();
            return options.size() == u.getUnmatched().size() ? e
                    : new CommandLine.UnmatchedArgumentException(e.getCommandLine(), options);
        }
        if (!(e instanceof CommandLine.MissingParameterException)) {
            return e;
        }
        List<String> unknown = e.getCommandLine().getUnmatchedArguments().stream().filter(a -> a.startsWith("-"))
                .toList(); // not the value after an unknown option, which picocli leaves unmatched too
        return unknown.isEmpty() ? e : new CommandLine.UnmatchedArgumentException(e.getCommandLine(), unknown);
    }

    private static final java.util.regex.Pattern PICOCLI_OPENING = java.util.regex.Pattern.compile(
            "^(Missing required (?:option|parameter|argument)s?|Unknown (?:option|argument)s?|Unmatched arguments?"
                    + "|Invalid value for option|Expected parameter|Option)\\b(: )?");

    /**
     * A message in the style of the CLI's own ({@code --run-name is empty: ...}): picocli's openings in lower case and
     * without their colon, {@code unknown option '--sorce'}, {@code missing required option '--datadir=DIR'},
     * {@code invalid value for option '--parts': must be from 2 to 256, not 1}.
     */
    static String ownStyle(String message) {
        if (message.startsWith("Error: ")) { // picocli's mutually exclusive options: "Error: --a, --b are ..."
            return ownStyle(message.substring("Error: ".length()));
        }
        java.util.regex.Matcher m = PICOCLI_OPENING.matcher(message);
        if (!m.find()) {
            return message;
        }
        String opening = m.group(1);
        return Character.toLowerCase(opening.charAt(0)) + opening.substring(1) + (m.group(2) == null ? "" : " ")
                + message.substring(m.end());
    }

    /** What ends a usage error's line: {@code  (see 'tributary node --help')}, for the command {@code cl} parses. */
    static String seeHelp(CommandLine cl) {
        return " (see '" + cl.getCommandSpec().qualifiedName() + " --help')";
    }

    /** picocli's message, with its Java words ({@code 'x' is not an int}) put in the user's. */
    static String inWords(CommandLine.ParameterException e) {
        CommandLine cl = e.getCommandLine();
        if (e instanceof CommandLine.UnmatchedArgumentException u && !cl.getSubcommands().isEmpty()
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            return "unknown command '" + u.getUnmatched().get(0) + "'; the commands are "
                    + String.join(", ", cl.getSubcommands().keySet());
        }
        // picocli's help command: "Unknown subcommand 'x'." for `tributary help x`
        java.util.regex.Matcher topic = java.util.regex.Pattern.compile("Unknown subcommand '(.*)'\\.")
                .matcher(String.valueOf(e.getMessage()));
        if (!cl.getSubcommands().isEmpty() && topic.matches()) {
            return "unknown command '" + topic.group(1) + "'; the commands are "
                    + String.join(", ", cl.getSubcommands().keySet());
        }
        if (!cl.getSubcommands().isEmpty() && String.valueOf(e.getMessage()).startsWith("Missing required subcommand")) {
            return "'" + cl.getCommandSpec().qualifiedName() + "' needs a command: "
                    + String.join(", ", cl.getSubcommands().keySet());
        }
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            // picocli's "Unmatched argument at index 1: 'x'": which word, not where it stands
            List<String> extra = u.getUnmatched();
            return "unexpected argument" + (extra.size() == 1 ? "" : "s") + " '" + String.join("', '", extra) + "'";
        }
        return UserErrors.describe(e)
                // picocli's map options: "Value for option option '--x' (K=V) should be in KEY=VALUE format but was v"
                .replaceAll("^Value for option option '([^']+)' \\(([^)]+)\\) should be in KEY=VALUE format but was (.*)$",
                        "Invalid value for option '$1': must be $2, not $3")
                // a whole number too large for the option's type: say so, rather than that it is not a number
                .replaceAll("'(-?\\d+)' is not an? (int|long|short|byte)\\b", "$1 is out of range")
                .replaceAll("is not an? (int|long|short|byte)\\b", "is not a whole number")
                .replaceAll("is not an? (double|float)\\b", "is not a number");
    }
}
