package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A node that can do nothing (no peer to dial, no port to be dialled on, no HTTP API) says so when it starts: it used
 * to sit silent until stopped, {@code tributary node --network regtest --datadir d} printing nothing at all.
 */
class NodeIdleWarningTest {
    private static NodeCommand parsed(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "node";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine cl = TributaryCommand.commandLine();
        cl.parseArgs(all);
        return cl.getSubcommands().get("node").getCommand();
    }

    @Test
    void aNodeWithNothingToDoSaysWhatItLacks() {
        assertThat(parsed("--network", "regtest", "--datadir", "d").idleWarning()).hasValue("this node has nothing to"
                + " do: it dials no peer (regtest has no DNS seeds: give --connect HOST:PORT or --seed HOST), listens"
                + " for none (--listen HOST:PORT) and serves no HTTP API (--http HOST:PORT); it runs until stopped");
        assertThat(parsed("--network", "mainnet", "--datadir", "d", "--max-outbound", "0").idleWarning())
                .hasValue("this node has nothing to do: it dials no peer (--max-outbound is 0), listens for none"
                        + " (--listen HOST:PORT) and serves no HTTP API (--http HOST:PORT); it runs until stopped");
    }

    @Test
    void aNodeWithSomethingToDoSaysNothing() {
        assertThat(parsed("--network", "mainnet", "--datadir", "d").idleWarning()).as("DNS seeds").isEmpty();
        assertThat(parsed("--network", "regtest", "--datadir", "d", "--connect", "127.0.0.1:18444").idleWarning())
                .isEmpty();
        assertThat(parsed("--network", "regtest", "--datadir", "d", "--seed", "127.0.0.1").idleWarning()).isEmpty();
        assertThat(parsed("--network", "regtest", "--datadir", "d", "--listen", "127.0.0.1:0").idleWarning()).isEmpty();
        assertThat(parsed("--network", "regtest", "--datadir", "d", "--http", "127.0.0.1:0").idleWarning()).isEmpty();
        assertThat(parsed("--datadir", "d", "--db-connect", "127.0.0.1:1").idleWarning()).isEmpty();
    }
}
