package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every option and parameter of every command, at any depth, says in its help what it is: a {@code --help} that
 * lists {@code DB} or {@code KEY} with nothing beside it leaves a newcomer guessing (a name or an address? a key or a
 * hash?).
 */
class HelpDescribesEveryArgumentTest {
    @Test
    void everyOptionAndParameterHasADescription() {
        List<String> undescribed = new ArrayList<>();
        collect(TributaryCommand.commandLine(), "tributary", undescribed);
        assertThat(undescribed).as("arguments whose help line is empty").isEmpty();
    }

    private static void collect(CommandLine cl, String command, List<String> undescribed) {
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                collect(sub, command + " " + name, undescribed);
            }
        });
        List<ArgSpec> args = new ArrayList<>(cl.getCommandSpec().positionalParameters());
        args.addAll(cl.getCommandSpec().options());
        for (ArgSpec a : args) {
            if (String.join("", a.description()).isBlank()) {
                undescribed.add(command + " " + (a instanceof OptionSpec o ? o.longestName()
                        : ((PositionalParamSpec) a).paramLabel()));
            }
        }
    }
}
