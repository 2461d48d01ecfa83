package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code tributary help} follows the whole command path ({@code help db put} is {@code db put}'s help, not
 * {@code db}'s); and counts of one read in the singular ({@code 1 transaction}).
 */
class HelpAndWordingTest {

    @Test
    void helpOfANestedCommandIsThatCommandsHelp() {
        Cli.Result help = Cli.run("help", "db", "put");
        assertThat(help.exitCode()).as("%s", help).isZero();
        assertThat(help.out()).as("%s", help).isEqualTo(Cli.run("db", "put", "--help").out());
        assertThat(help.out().get(0)).startsWith("Usage: tributary db put ");
        // its synopsis names KEY and VALUE once each (picocli repeated a two-word label: "KEY VALUE KEY VALUE [...]")
        assertThat(help.out().get(0)).endsWith(" DB KEY [VALUE]");

        assertThat(Cli.run("help", "records", "sync").out()).isEqualTo(Cli.run("records", "sync", "--help").out());
        assertThat(Cli.run("help", "db").out()).isEqualTo(Cli.run("db", "--help").out());
        assertThat(Cli.run("help").out()).isEqualTo(Cli.run("--help").out());
    }

    @Test
    void helpOfAnUnknownSubcommandNamesTheCommandsThere() {
        Cli.Result r = Cli.run("help", "db", "nope");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).as("%s", r).singleElement().asString()
                .startsWith("error: unknown command 'nope'; the commands are create, open, put, get, del, add, list,")
                .endsWith("(see 'tributary db --help')");
    }

    @Test
    void oneBlockOfOneTransactionIsSaidInTheSingular() {
        Cli.Result r = Cli.run("demo", "--blocks", "1", "--block-size", "1", "--dag-blocks", "0");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out().get(0)).as("%s", r).startsWith("Node A mined 1 regtest block (0.0 MB, 1 transaction) in ");
        assertThat(String.join("\n", r.out())).doesNotContain("1 transactions").doesNotContain("1 regtest blocks");
    }
}
