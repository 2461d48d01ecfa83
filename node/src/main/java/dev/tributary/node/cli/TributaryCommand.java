package dev.tributary.node.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tributary}: the command line. Results go to standard output, logs and progress bars to
 * standard error. Bad input or an unreachable peer gives one error line and exit code 1; usage errors
 * (and a {@code TRIBUTARY_LOG_LEVEL} that is not a level) one error line and exit code 2. A failure no code caught, in
 * any thread, is logged in words, and running out of memory ends the process with one error line and exit code 1
 * ({@link UncaughtFailures}). Set {@code TRIBUTARY_DEBUG=1} to see stack traces.
 */
@Command(name = "tributary", mixinStandardHelpOptions = true, version = "tributary 0.1.0",
        description = "Keeps hash-linked data in sync between peers.",
        subcommands = {NodeCommand.class, ImportCommand.class, SyncCommand.class, StatusCommand.class, MineCommand.class,
            MakeTxCommand.class, DemoCommand.class, SimCommand.class, DbCommand.class, RecordsCommand.class})
public final class TributaryCommand {

    public static void main(String[] args) {
        UncaughtFailures.install();
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests that run it in-process). */
    public static int run(String... args) {
        return run(null, null, args);
    }

    /**
     * Runs the command line with its results written to {@code out} and its error and usage lines to
     * {@code err} (each null for standard output / standard error), and returns the exit code. For
     * callers that run commands in-process and read what they print. Logs and progress bars still go to
     * standard error.
     */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        if (out != null) {
            cl.setOut(out);
        }
        if (err != null) {
            cl.setErr(err);
        }
        String badLevel = Logging.checkLevelVariable();
        if (badLevel != null) {
            cl.getErr().println("error: " + badLevel);
            cl.getErr().flush();
            return cl.getCommandSpec().exitCodeOnInvalidInput();
        }
        String[] expanded;
        try {
            expanded = withConfigFile(cl, args);
        } catch (NodeConfigFile.Invalid e) {
            // Usage errors, as the same options' on the command line are: the last line ends as theirs do.
            for (int i = 0; i < e.errors.size(); i++) {
                cl.getErr().println("error: " + e.errors.get(i)
                        + (i == e.errors.size() - 1 ? UsageErrors.seeHelp(cl.getSubcommands().get("node")) : ""));
            }
            cl.getErr().flush();
            return cl.getCommandSpec().exitCodeOnInvalidInput();
        }
        return Logging.restoringLevels(() -> cl.execute(expanded));
    }

    /** {@code node --config FILE}: the file's options put before the command line's ({@link NodeConfigFile}). */
    private static String[] withConfigFile(CommandLine cl, String[] args) throws NodeConfigFile.Invalid {
        if (args.length == 0 || !args[0].equals("node")) {
            return args;
        }
        java.util.List<String> rest = java.util.Arrays.asList(args).subList(1, args.length);
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("node"));
        all.addAll(NodeConfigFile.expand(cl.getSubcommands().get("node"), rest));
        return all.toArray(String[]::new);
    }

    /**
     * The command line with every command (plugins too), its converters and its error handlers: bad usage is one
     * {@code error:} line and exit code 2 ({@link UsageErrors}), a failure one {@code error:} line in the user's
     * terms and exit code 1 ({@link OneLineErrors}).
     */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TributaryCommand());
        addPluginsAndHelp(cl);
        cl.setExecutionExceptionHandler(new OneLineErrors());
        cl.setParameterExceptionHandler(new UsageErrors());
        // @PATH is a token option's way to read a node's cookie (TokenArgument), not a file of arguments
        cl.setExpandAtFiles(false);
        cl.registerConverter(java.net.InetSocketAddress.class, new HostPortConverter());
        cl.registerConverter(dev.tributary.chain.NetworkParameters.class, new NetworkConverter());
        cl.registerConverter(java.nio.file.Path.class, new PathConverter());
        return cl;
    }

    /**
     * Adds the {@link CommandPlugin}s on the class path, {@code bench} among them (else its placeholder, which says
     * where it is), and then {@code help}, so that the help lists them last.
     */
    private static void addPluginsAndHelp(CommandLine cl) {
        Map<String, Object> commands = new LinkedHashMap<>();
        commands.put("bench", new BenchPlaceholderCommand());
        for (CommandPlugin plugin : ServiceLoader.load(CommandPlugin.class)) {
            commands.put(plugin.name(), plugin.command());
        }
        commands.forEach(cl::addSubcommand);
        cl.addSubcommand("help", new NestedHelpCommand());
    }

    /** Prints an exception as one line, without a stack trace unless TRIBUTARY_DEBUG is set. */
    static final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
            if (System.getenv("TRIBUTARY_DEBUG") != null) {
                e.printStackTrace();
            }
            Progress.endOpenLine();
            cl.getErr().println("error: " + describe(e));
            return 1;
        }

        static String describe(Throwable e) {
            return UserErrors.describe(e);
        }
    }
}
