package dev.tributary.node.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tributary help [COMMAND [SUBCOMMAND...]]}: the help of the command named by the whole path, {@code tributary
 * help db put} that of {@code db put} (picocli's own help command looks up the first name only). A name that is not
 * a command there is a usage error naming the commands that are.
 */
@Command(name = "help", helpCommand = true,
        description = "Shows the help of a command, e.g. 'tributary help db put', or the list of commands.")
final class NestedHelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "the command, and its subcommands")
    String[] commands = new String[0];

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    private CommandLine self;
    private CommandLine.Help.ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter outWriter,
                     PrintWriter errWriter) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = outWriter;
    }

    @Override
    public void run() {
        CommandLine topic = self.getParent();
        for (String name : commands) {
            CommandLine sub = topic.getSubcommands().get(name);
            if (sub == null) {
                // UsageErrors words it: "unknown command 'x'; the commands are ..."
                throw new CommandLine.ParameterException(topic, "Unknown subcommand '" + name + "'.", null, name);
            }
            topic = sub;
        }
        topic.usage(out, colors);
    }
}
