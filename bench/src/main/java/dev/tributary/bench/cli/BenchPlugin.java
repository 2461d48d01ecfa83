package dev.tributary.bench.cli;

import dev.tributary.node.cli.CommandPlugin;

/** Adds {@code tributary bench} to the command line when the bench module's jar is on the class path. */
public final class BenchPlugin implements CommandPlugin {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public Object command() {
        return new BenchCommand();
    }
}
