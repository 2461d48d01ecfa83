package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What a stopping node says it closes: what it runs, not peers it does not have. */
class NodeClosingWordsTest {
    private static NodeCommand parsed(String... args) {
        CommandLine cl = TributaryCommand.commandLine();
        String[] all = new String[args.length + 1];
        all[0] = "node";
        System.arraycopy(args, 0, all, 1, args.length);
        cl.parseArgs(all);
        return cl.getSubcommands().get("node").getCommand();
    }

    @Test
    void aNodeOfRecordsOnlyClosesItsApiCollectionsAndEventManagerNotPeers() {
        assertThat(parsed("--datadir", "d", "--http", "127.0.0.1:0", "--records-table", "c=jdbc:sqlite:x.db",
                "--events").closing())
                .isEqualTo("its HTTP API, its record collections (their database connections), its event manager"
                        + " and its store");
        assertThat(parsed("--datadir", "d", "--http", "127.0.0.1:0", "--events").closing())
                .isEqualTo("its HTTP API, its event manager and its store");
    }

    @Test
    void aNodeOfAChainClosesItsPeers() {
        assertThat(parsed("--datadir", "d", "--network", "regtest").closing()).isEqualTo("its peers and its store");
        assertThat(parsed("--datadir", "d", "--network", "regtest", "--http", "127.0.0.1:0",
                "--records-collection", "stock").closing())
                .isEqualTo("its peers, its HTTP API, its record collections (their database connections) and its"
                        + " store");
    }
}
