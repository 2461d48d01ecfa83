package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Gives every whole-number option of every command, at any depth ({@code db list --limit}, {@code records verify
 * --parts}, {@code bench kernels --iterations}), a negative number and a word, with the command's other required
 * options and parameters given good values, and checks that each is a usage error: exit code 2 and one
 * {@code error: ...} line naming the option, without a Java name, before the command does anything; and that the
 * help of an option with an upper bound states its range.
 * {@code --seed} options take any number and are left out.
 */
public final class NumericOptionSweep {
    private static final Pattern JAVA = Pattern.compile("java\\.|[A-Z]\\w*(Exception|Error)\\b|`");

    private NumericOptionSweep() {
    }

    /**
     * Runs the sweep over the commands of the command line ({@link TributaryCommand#commandLine()}, with the plugins
     * on the class path) whose path starts with {@code under} (such as {@code "bench"}; empty for all), with
     * {@code datadir} for {@code --datadir}, which must not exist afterwards.
     *
     * @return the options checked, as {@code "command sub --option"}
     */
    public static List<String> run(String under, Path datadir) {
        List<String> checked = new ArrayList<>();
        sweep(TributaryCommand.commandLine(), List.of(), under, datadir, checked);
        assertThat(datadir).as("nothing written").doesNotExist();
        return checked;
    }

    private static void sweep(CommandLine cl, List<String> path, String under, Path datadir, List<String> checked) {
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return;
            }
            List<String> subPath = new ArrayList<>(path);
            subPath.add(name);
            sweep(sub, subPath, under, datadir, checked);
        });
        String command = String.join(" ", path);
        if (path.isEmpty() || !command.startsWith(under)) {
            return;
        }
        for (OptionSpec o : cl.getCommandSpec().options()) {
            Class<?> t = o.type();
            boolean numeric = t == int.class || t == long.class || t == Integer.class || t == Long.class;
            if (!numeric || o.longestName().equals("--seed")) {
                continue;
            }
            for (String value : List.of("-1", "many")) {
                List<String> args = new ArrayList<>(path);
                args.addAll(required(cl, o.longestName(), datadir));
                args.add(o.longestName());
                args.add(value);
                Cli.Result r = Cli.run(args.toArray(String[]::new));
                assertThat(r.exitCode()).as("%s: %s", String.join(" ", args), r).isEqualTo(2);
                assertThat(r.err()).as("%s: %s", String.join(" ", args), r).singleElement().asString()
                        .startsWith("error: ").contains(o.longestName()).contains("(see 'tributary ")
                        .doesNotContainPattern(JAVA);
                if (value.equals("-1")) {
                    helpStatesTheRange(command + " " + o.longestName(), o, r.err().get(0));
                }
            }
            checked.add(command + " " + o.longestName());
        }
    }

    /**
     * The help of an option whose range has an upper bound says it: for {@code must be from 1 to 1000} it says
     * {@code 1..1000} or {@code 1 to 1000} (or, for a bound that depends on another option, {@code 1..} and its
     * name), so that {@code --help} shows what a value may be before a command refuses one.
     */
    private static void helpStatesTheRange(String option, OptionSpec o, String refusal) {
        String help = String.join(" ", o.description()).replace(",", "");
        java.util.regex.Matcher between = Pattern.compile("must be from (-?\\d+) to (-?\\d+)").matcher(refusal);
        if (between.find()) {
            String a = between.group(1);
            String b = between.group(2);
            assertThat(help).as("the help of %s states the range of '%s'", option, refusal)
                    .containsAnyOf(a + ".." + b, a + " to " + b, a + " (strongest) to " + b, a + "..rows",
                            a + "..nodes");
        }
    }

    /** The command's other required options and parameters, with values it takes. */
    private static List<String> required(CommandLine cl, String except, Path datadir) {
        List<String> args = new ArrayList<>();
        for (CommandLine.Model.ArgSpec a : cl.getCommandSpec().requiredArgs()) {
            if (a instanceof OptionSpec o && !o.longestName().equals(except)) {
                args.add(o.longestName());
                args.add(goodValue(o.longestName(), datadir));
            }
        }
        for (PositionalParamSpec p : cl.getCommandSpec().positionalParameters()) {
            if (p.required()) {
                args.add(0, "x");
            }
        }
        String name = cl.getCommandSpec().qualifiedName();
        if (name.endsWith(" import")) {
            args.addAll(List.of("--headers", datadir.resolveSibling("none.bin").toString()));
        }
        if (name.endsWith(" node")) {
            // --network is required unless record endpoints are given, so picocli does not list it as required
            args.addAll(List.of("--network", "regtest"));
        }
        return args;
    }

    private static String goodValue(String option, Path datadir) {
        return switch (option) {
            case "--network" -> "regtest";
            case "--datadir" -> datadir.toString();
            case "--connect", "--node", "--peer" -> "127.0.0.1:1";
            case "--source", "--target" -> "http://127.0.0.1:1/records/x";
            case "--store" -> "sqlite";
            default -> "1";
        };
    }
}
