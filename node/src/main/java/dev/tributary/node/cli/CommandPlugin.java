package dev.tributary.node.cli;

/**
 * A {@code tributary} subcommand that another module's jar supplies, found with {@link java.util.ServiceLoader}
 * (a {@code META-INF/services/dev.tributary.node.cli.CommandPlugin} entry). The benchmarks are one: they live in
 * the bench module, so that the product jar carries neither JMH nor bitcoinj, and join the command line when
 * their jar is on the class path.
 */
public interface CommandPlugin {
    /** The subcommand's name; a plugin replaces the placeholder of that name ({@link BenchPlaceholderCommand}). */
    String name();

    /** A new picocli command object (annotated with {@code @Command}) for one command line. */
    Object command();
}
