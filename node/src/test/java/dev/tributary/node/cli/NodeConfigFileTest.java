package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.node.chain.SyncMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code node --config FILE}: the documented example, flags over the file, and one line per error. */
class NodeConfigFileTest {
    @TempDir
    Path dir;

    private static CommandLine nodeCommand() {
        return TributaryCommand.commandLine().getSubcommands().get("node");
    }

    /** The options {@code args} give, with the config file's, as {@code node} parses them. */
    private static NodeCommand parsed(String... args) throws NodeConfigFile.Invalid {
        List<String> all = new ArrayList<>(NodeConfigFile.expand(nodeCommand(), List.of(args)));
        all.add(0, "node");
        CommandLine cl = TributaryCommand.commandLine();
        cl.parseArgs(all.toArray(String[]::new));
        return cl.getSubcommands().get("node").getCommand();
    }

    private Path file(String text) throws Exception {
        Path f = dir.resolve("node.toml");
        Files.writeString(f, text);
        return f;
    }

    /** The first {@code ```toml} block of docs/configuration.md. */
    private static String documentedExample() throws Exception {
        String doc = Files.readString(Path.of(System.getProperty("user.dir")).resolve("../docs/configuration.md"));
        int start = doc.indexOf("```toml\n");
        assertThat(start).as("a toml block in docs/configuration.md").isPositive();
        return doc.substring(start + "```toml\n".length(), doc.indexOf("```", start + 7));
    }

    @Test
    void theDocumentedExampleLoadsAndNamesEveryOption() throws Exception {
        String example = documentedExample();
        Path f = file(example);
        NodeCommand c = parsed("--config", f.toString());
        assertThat(c.networks).containsExactly("regtest");
        assertThat(c.datadir).isEqualTo(dir.toAbsolutePath().resolve("regtest-data"));
        assertThat(c.listen.getPort()).isEqualTo(18444);
        assertThat(c.connect).isEmpty();
        assertThat(c.seeds).isEmpty();
        assertThat(c.maxOutbound).isEqualTo(8);
        assertThat(c.maxUploadRate).isZero();
        assertThat(c.syncOptions.mode).isEqualTo(SyncMode.BLOCKS);
        assertThat(c.syncOptions.batchSize).isEqualTo(20);
        assertThat(c.syncOptions.stallTimeoutSeconds).isEqualTo(180);
        assertThat(c.syncOptions.minimumChainWork).isEqualTo("0");
        assertThat(c.headersOnly).isFalse();
        assertThat(c.http.getPort()).isEqualTo(18480);
        assertThat(c.httpAllowRemote).isFalse();

        assertThat(c.records.collections).isEmpty();
        assertThat(c.records.tables).isEmpty();
        assertThat(c.records.keys).isEmpty();
        assertThat(c.records.priority).isEqualTo(5);
        assertThat(c.records.endpoint).isNull();
        assertThat(c.records.events).isFalse();
        assertThat(c.records.maxRuns).isEqualTo(1000);

        Set<String> keys = new TreeSet<>(NodeConfigFile.keyLines(example).keySet());
        // an option without a default to show is documented by a commented-out line: "# key = value"
        java.util.regex.Matcher commented = java.util.regex.Pattern.compile("(?m)^# ([a-z-]+) = ").matcher(example);
        while (commented.find()) {
            keys.add(commented.group(1));
        }
        keys.removeAll(Set.of("customers", "stock"));
        Set<String> options = new TreeSet<>();
        nodeCommand().getCommandSpec().options().forEach(o -> options.add(o.longestName().substring(2)));
        options.removeAll(Set.of("config", "help", "version"));
        assertThat(keys).as("the example documents every option of node").isEqualTo(options);
    }

    @Test
    void aTablesKeyColumnIsATomlTableLikeTheTables() throws Exception {
        Path db = Files.write(dir.resolve("x.db"), new byte[0]);
        Path f = file("datadir = \"d\"\nhttp = \"127.0.0.1:0\"\n[records-table]\norders = \"jdbc:sqlite:" + db + "\"\n"
                + "[records-key]\norders = \"order_no\"\n");
        NodeCommand c = parsed("--config", f.toString());
        assertThat(c.records.tables).containsEntry("orders", "jdbc:sqlite:" + db);
        assertThat(c.records.keys).containsExactly(java.util.Map.entry("orders", "order_no"));
    }

    @Test
    void optionsOnTheCommandLineWin() throws Exception {
        Path f = file("network = [\"regtest\"]\ndatadir = \"/tmp/a\"\nmax-outbound = 8\n"
                + "connect = [\"127.0.0.1:1\", \"127.0.0.1:2\"]\nheaders-only = true\n");
        NodeCommand c = parsed("--config", f.toString(), "--max-outbound", "3", "--connect=127.0.0.1:9",
                "--datadir", "/tmp/b");
        assertThat(c.maxOutbound).isEqualTo(3);
        assertThat(c.connect).singleElement().satisfies(a -> assertThat(a.getPort()).isEqualTo(9));
        assertThat(c.datadir).isEqualTo(Path.of("/tmp/b"));
        assertThat(c.networks).containsExactly("regtest");
        assertThat(c.headersOnly).isTrue();
        NodeCommand noFile = parsed("--network", "regtest", "--datadir", "/tmp/c");
        assertThat(noFile.maxOutbound).isEqualTo(5);
    }

    @Test
    void eachErrorIsOneLineNamingTheFileLineAndKey() throws Exception {
        Path f = file("""
                network = "regtest"
                max-outbound = 5000
                batch-size = "20"
                listen = "nowhere"
                speed = 3
                headers-only = 1
                connect = [1, 2]
                network-x = "a"
                [extra]
                x = 1
                """);
        assertThatThrownBy(() -> parsed("--config", f.toString()))
                .isInstanceOfSatisfying(NodeConfigFile.Invalid.class, e -> assertThat(e.errors).satisfiesExactly(
                        l -> assertThat(l).isEqualTo(f + ":2: max-outbound must be from 0 to 1000, not 5000"),
                        l -> assertThat(l).isEqualTo(f + ":3: batch-size must be a whole number, not \"20\" (a string)"),
                        l -> assertThat(l).startsWith(f + ":4: listen is wrong: ").contains("nowhere"),
                        l -> assertThat(l).startsWith(f + ":5: unknown key 'speed' (did you mean seed?); the keys are batch-size, connect, datadir"),
                        l -> assertThat(l).isEqualTo(f + ":6: headers-only must be true or false, not 1"),
                        l -> assertThat(l).isEqualTo(f + ":7: connect must be a string or a list of strings, not 1"),
                        l -> assertThat(l).startsWith(f + ":8: unknown key 'network-x'"),
                        l -> assertThat(l).startsWith(f + ":9: unknown key 'extra' (a table)")));
    }

    @Test
    void recordOptionErrorsAreNamedAtTheirLinesToo() throws Exception {
        Path f = file("""
                datadir = "d"
                records-collection = ["a b"]
                records-priority = 12
                events-webhook = "ftp://x"
                events-max-runs = 0
                records-endpoint = "noscheme"

                [records-table]
                customers = "jdbc:sqlite:%s"
                stock = "jdbc:oracle:thin:@x"

                [records-key]
                orders = "id"
                """.formatted(Files.write(dir.resolve("c.db"), new byte[0])));
        assertThatThrownBy(() -> parsed("--config", f.toString()))
                .isInstanceOfSatisfying(NodeConfigFile.Invalid.class, e -> assertThat(e.errors).satisfiesExactly(
                        l -> assertThat(l).isEqualTo(f + ":3: records-priority must be from 1 to 9, not 12"),
                        l -> assertThat(l).isEqualTo(f + ":5: events-max-runs must be from 1 to 100000, not 0")));
        Path ranged = file(Files.readString(f).replace("records-priority = 12", "records-priority = 1")
                .replace("events-max-runs = 0", "events-max-runs = 10"));
        assertThatThrownBy(() -> parsed("--config", ranged.toString()))
                .isInstanceOfSatisfying(NodeConfigFile.Invalid.class, e -> assertThat(e.errors).satisfiesExactly(
                        l -> assertThat(l).isEqualTo(f + ":8: records-table needs http HOST:PORT: record endpoints"
                                + " and the event manager are served by the node's HTTP API"),
                        l -> assertThat(l).isEqualTo(f + ":4: events-webhook needs events"),
                        l -> assertThat(l).startsWith(f + ":2: record collection 'a b': "),
                        l -> assertThat(l).isEqualTo(f + ":13: [records-key] orders = \"id\": no records-table orders"
                                + " (the tables are customers, stock)"),
                        l -> assertThat(l).startsWith(f + ":10: [records-table] stock: "),
                        l -> assertThat(l).startsWith(f + ":6: records-endpoint must be an absolute URI"),
                        l -> assertThat(l).isEqualTo(f + ":4: events-webhook must be an http:// or https:// URL,"
                                + " not ftp://x")));
        // the same options on the command line are the command's to report, as usage errors without a line
        assertThat(NodeConfigFile.expand(nodeCommand(), List.of("--config", file("datadir = \"d\"\n").toString(),
                "--events-webhook", "ftp://x"))).contains("--events-webhook");
    }

    /**
     * A mistake in an entry of {@code [records-table]} or {@code [records-key]} is named at the entry's own line (not
     * the table's header), as {@code [TABLE] ENTRY: what is wrong}, once.
     */
    @Test
    void aTableEntrysMistakeIsNamedAtItsLineWithItsEntry() throws Exception {
        Path wrongType = file("""
                http = "127.0.0.1:0"
                [records-table]
                customers = "jdbc:sqlite:/x.db"
                orders = 5
                """);
        assertThatThrownBy(() -> parsed("--config", wrongType.toString(), "--datadir", "d"))
                .isInstanceOfSatisfying(NodeConfigFile.Invalid.class, e -> assertThat(e.errors).containsExactly(
                        wrongType + ":4: [records-table] orders: the value must be a JDBC URL in quotes"
                                + " (\"jdbc:sqlite:FILE\", \"jdbc:postgresql://HOST/DB\" or \"jdbc:mariadb://HOST/DB\"),"
                                + " not 5"));
        Path keyList = file("http = \"127.0.0.1:0\"\n[records-key]\n\norders = [\"id\"]\n");
        assertThatThrownBy(() -> parsed("--config", keyList.toString(), "--datadir", "d"))
                .isInstanceOfSatisfying(NodeConfigFile.Invalid.class, e -> assertThat(e.errors).containsExactly(
                        keyList + ":4: [records-key] orders: the value must be a column name in quotes, not a list"));
        Path empty = file("datadir = \"d\"\nhttp = \"127.0.0.1:0\"\n[records-table]\ncustomers = \"\"\n"
                + "\"cust omers\" = \"jdbc:sqlite:/x.db\"\n");
        assertThatThrownBy(() -> parsed("--config", empty.toString()))
                .isInstanceOfSatisfying(NodeConfigFile.Invalid.class, e -> assertThat(e.errors).satisfiesExactly(
                        l -> assertThat(l).isEqualTo(empty + ":5: [records-table] cust omers: a collection's name"
                                + " must be a plain name (letters, digits, _; at most 48): cust omers"),
                        l -> assertThat(l).isEqualTo(empty + ":4: [records-table] customers: no JDBC URL given"
                                + " (jdbc:sqlite:FILE, jdbc:postgresql://HOST/DB or jdbc:mariadb://HOST/DB)")));
    }

    @Test
    void commonTomlMistakesAreSaidInWordsThatSayWhatToFix() throws Exception {
        Path unquoted = file("network = regtest\n");
        assertThatThrownBy(() -> parsed("--config", unquoted.toString()))
                .isInstanceOfSatisfying(NodeConfigFile.Invalid.class, e -> assertThat(e.errors).singleElement()
                        .asString().startsWith(unquoted + ":1: not TOML: ").contains("double quotes")
                        .doesNotContain("Unknown token"));
        Path unclosed = file("network = [\"regtest\"]\ndatadir = \"/tmp/x\n");
        assertThatThrownBy(() -> parsed("--config", unclosed.toString()))
                .isInstanceOfSatisfying(NodeConfigFile.Invalid.class, e -> assertThat(e.errors).singleElement()
                        .asString().startsWith(unclosed + ":2: not TOML: ").contains("closing quote")
                        .doesNotContain("Newline not permitted"));
        Path listNotClosed = file("network = [\"regtest\"\nmax-outbound = 5\n");
        assertThatThrownBy(() -> parsed("--config", listNotClosed.toString()))
                .isInstanceOfSatisfying(NodeConfigFile.Invalid.class, e -> assertThat(e.errors).singleElement()
                        .asString().startsWith(listNotClosed + ":2: not TOML: ").contains("a list not closed with ]")
                        .doesNotContain("More data"));
        Path noKey = file("= 5\n");
        assertThatThrownBy(() -> parsed("--config", noKey.toString()))
                .isInstanceOfSatisfying(NodeConfigFile.Invalid.class, e -> assertThat(e.errors).singleElement()
                        .asString().isEqualTo(noKey + ":1: not TOML: an = where a line key = value, a [table] or a #"
                                + " comment belongs"));
    }

    @Test
    void aBadNetworkAndNotTomlAreNamedToo() throws Exception {
        Path f = file("datadir = \"d\"\nnetwork = [\"regtest\", \"bitcoincash\"]\n");
        assertThatThrownBy(() -> parsed("--config", f.toString())).isInstanceOfSatisfying(NodeConfigFile.Invalid.class,
                e -> assertThat(e.errors).singleElement().asString().startsWith(f + ":2: network is wrong: ")
                        .contains("bitcoincash").contains("regtest"));
        Path broken = file("network = [\"regtest\"]\nmax-outbound = = 3\n");
        assertThatThrownBy(() -> parsed("--config", broken.toString()))
                .isInstanceOfSatisfying(NodeConfigFile.Invalid.class,
                        e -> assertThat(e.errors).singleElement().asString().startsWith(broken + ":2: not TOML: "));
        assertThatThrownBy(() -> parsed("--config", dir.resolve("missing.toml").toString()))
                .isInstanceOfSatisfying(NodeConfigFile.Invalid.class, e -> assertThat(e.errors).singleElement()
                        .asString().startsWith("cannot read the config file " + dir.resolve("missing.toml")));
    }

    @Test
    void theCommandLinePrintsOneErrorLineEachAndExitsWith2() throws Exception {
        Path f = file("network = [\"regtest\"]\nmax-outbound = -1\nfoo = true\n");
        Cli.Result r = Cli.run("node", "--config", f.toString(), "--datadir", dir.resolve("d").toString());
        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).satisfiesExactly(
                l -> assertThat(l).isEqualTo("error: " + f + ":2: max-outbound must be from 0 to 1000, not -1"),
                l -> assertThat(l).startsWith("error: " + f + ":3: unknown key 'foo'"));
        assertThat(dir.resolve("d")).doesNotExist();
    }

    /** A misspelt key is named with the key it is close to, as a misspelt option is on the command line. */
    @Test
    void aMisspeltKeySaysWhichKeyItMayMean() throws Exception {
        Path f = file("http = \"127.0.0.1:8080\"\nrecords-tabel = [\"x\"]\n");
        Cli.Result r = Cli.run("node", "--config", f.toString(), "--datadir", dir.resolve("d").toString());
        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).singleElement().asString().startsWith("error: " + f + ":2: unknown key 'records-tabel'"
                + " (did you mean records-table?); the keys are batch-size, ");
    }

    @Test
    void aDataDirectoryRefusesAnotherNetwork() throws Exception {
        Path d = dir.resolve("d");
        Files.createDirectories(d);
        Files.writeString(d.resolve("networks"), "dagtest\n");
        Cli.Result r = Cli.run("node", "--network", "regtest", "--datadir", d.toString());
        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).singleElement().asString()
                .isEqualTo("error: data directory " + d + " is for dagtest, not regtest: give the network it was made"
                        + " for, or another data directory");
        assertThat(d.resolve("store")).as("nothing was opened").doesNotExist();
        Path both = dir.resolve("both");
        Files.createDirectories(both);
        Files.writeString(both.resolve("networks"), "dagtest\nregtest\n");
        Cli.Result two = Cli.run("node", "--network", "regtest", "--datadir", both.toString());
        assertThat(two.err()).as("%s", two).singleElement().asString().isEqualTo("error: data directory " + both
                + " is for dagtest and regtest, not regtest: give the networks it was made for, or another data directory");

        dev.tributary.node.NetworksFile.checkOrRecord(dir.resolve("e"), List.of("regtest", "dagtest"));
        assertThat(Files.readAllLines(dir.resolve("e/networks"))).containsExactly("dagtest", "regtest");
        dev.tributary.node.NetworksFile.checkOrRecord(dir.resolve("e"), new ArrayList<>(List.of("dagtest", "regtest")));
    }
}
