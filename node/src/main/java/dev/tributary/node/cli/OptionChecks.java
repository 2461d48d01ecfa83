package dev.tributary.node.cli;

import picocli.CommandLine;

/**
 * Range checks of numeric options: a value out of range is a usage error (exit code 2) naming the option and its
 * range, {@code Invalid value for option '--rows': must be from 1 to 10000000, not 0}, one option at a time (the
 * first out of range). The commands' one helper for it, plugins' ({@code bench}) included.
 */
public final class OptionChecks {
    private OptionChecks() {
    }

    /**
     * Checks that {@code option}'s {@code value} is in {@code min..max}.
     *
     * @throws CommandLine.ParameterException when it is not
     */
    public static void range(CommandLine.Model.CommandSpec spec, String option, long value, long min, long max) {
        if (value < min || value > max) {
            // "0 or more" only where there is no upper end to tell: a value above it is told the range
            String range = value < min && (max == Long.MAX_VALUE || max == Integer.MAX_VALUE)
                    ? min + " or more" : "from " + min + " to " + max;
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '" + option + "': must be " + range + ", not " + value);
        }
    }
}
