package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line's bad inputs as a user types them: each gives exactly one {@code error:} line in the user's
 * terms (no Java class name, no usage text, no stack trace), nothing on standard output, and exit code 2 for bad
 * usage or 1 for what cannot be done; and it changes nothing on disk.
 */
class BadInputTest {
    private static final Pattern JAVA = Pattern.compile("java\\.|[A-Z]\\w*(Exception|Error)\\b|Illegal Capacity|`");

    @TempDir
    static Path dir;

    static Stream<Arguments> badInputs() {
        String d = dir.resolve("data").toString();
        Path app = dir.resolve("app.db"); // an application's database: an empty file is an empty SQLite database
        Path latin1 = dir.resolve("latin1.toml"); // a config file saved in another encoding
        Path empty = dir.resolve("empty.bin");
        Path unknownKey = dir.resolve("unknown-key.toml");
        Path badValue = dir.resolve("bad-value.toml");
        try {
            Files.writeString(unknownKey, "nosuchkey = 1\n");
            Files.writeString(badValue, "max-outbound = \"x\"\n");
            Files.write(app, new byte[0]);
            Files.write(empty, new byte[0]);
            Files.write(latin1, "# caf\u00e9\nnetwork = [\"regtest\"]\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Stream.of(
                bad(2, "unknown command 'frobnicate'; the commands are node, ", "frobnicate"),
                bad(2, "unknown command 'frobnicate'; the commands are node, ", "help", "frobnicate"),
                bad(2, "unknown command 'frobnicate'; the commands are create, open, put", "help", "db", "frobnicate"),
                bad(2, "'tributary db' needs a command: create, open, put, get, del, add, list, info, watch", "db"),
                bad(2, "'tributary records' needs a command: sync, verify", "records"),
                bad(2, "cannot read the config file " + dir + ": it is a directory (see 'tributary node --help')",
                        "node", "--config", dir.toString(), "--datadir", d),
                bad(2, "cannot read the config file " + dir.resolve("none.toml") + ": no such file or directory (see"
                        + " 'tributary node --help')", "node", "--config", dir.resolve("none.toml").toString(),
                        "--datadir", d),
                bad(2, "cannot read the config file " + latin1 + ": it is not UTF-8 text (see 'tributary node --help')",
                        "node", "--config", latin1.toString(), "--datadir", d),
                bad(2, unknownKey + ":1: unknown key 'nosuchkey'; the keys are batch-size, connect,", "node",
                        "--config", unknownKey.toString(), "--datadir", d),
                bad(2, ", stall-timeout, sync-mode (see 'tributary node --help')", "node",
                        "--config", unknownKey.toString(), "--datadir", d),
                bad(2, "max-outbound must be a whole number, not \"x\" (a string) (see 'tributary node --help')",
                        "node", "--config", badValue.toString(), "--datadir", d),
                bad(2, "unknown database type 'graph'; the types are events, keyvalue, documents", "db", "create", "x",
                        "--type", "graph", "--datadir", d),
                bad(2, "VALUE is JSON (quote a string", "db", "put", "x", "k", "blue", "--datadir", d),
                bad(2, "VALUE cannot be stored: the number 1.5 at $ is not a whole number", "db", "put", "x", "k", "1.5",
                        "--datadir", d),
                bad(1, "holds no databases (create one first", "db", "put", "x", "k", "1", "--datadir", d),
                bad(2, "unknown option '--blok' (did you mean --blocks?)", "sync", "--network", "regtest",
                        "--datadir", d, "--connect", "127.0.0.1:1", "--blok"),
                bad(2, "'abc' is not a whole number", "demo", "--blocks", "abc"),
                bad(2, "error: unexpected argument 'extra' (see 'tributary demo --help')", "demo", "extra"),
                bad(2, "'--count': must be from 1 to 100000, not 0", "make-tx", "--count", "0"),
                bad(2, "'--seeds': must be from 1 to 1000000, not 0", "sim", "--seed", "1", "--seeds", "0"),
                bad(2, "error: unexpected arguments 'x', 'y' (see 'tributary status --help')", "status", "--network",
                        "regtest", "--datadir", d, "x", "y"),
                bad(2, "'--count': 99999999999 is out of range", "make-tx", "--count", "99999999999"),
                bad(2, "'--blocks': -99999999999 is out of range", "demo", "--blocks", "-99999999999"),
                bad(2, "'--blocks': must be from 1 to 100000, not -1", "demo", "--blocks", "-1"),
                bad(2, "'--block-size': must be from 1 to 1000000, not 0", "demo", "--block-size", "0"),
                bad(2, "'--dag-blocks': must be from 0 to 10000, not -1", "demo", "--dag-blocks", "-1"),
                bad(2, "'--timeout': must be 0 or more, not -1", "sync", "--network", "regtest", "--datadir", d,
                        "--connect", "127.0.0.1:1", "--timeout", "-1"),
                bad(2, "'--stall-timeout': must be from 1 to 86400, not 0", "sync", "--network", "regtest",
                        "--datadir", d, "--connect", "127.0.0.1:1", "--stall-timeout", "0"),
                bad(2, "'--max-upload-rate': must be 0 or more, not -5", "node", "--network", "regtest",
                        "--datadir", d, "--max-upload-rate", "-5"),
                bad(2, "'--max-outbound': must be from 0 to 1000, not -1", "node", "--network", "regtest",
                        "--datadir", d, "--max-outbound", "-1"),
                bad(2, "'--datadir': the path is empty", "status", "--network", "regtest", "--datadir", ""),
                bad(2, "'--datadir': the path is empty", "node", "--network", "regtest", "--datadir", ""),
                bad(2, "'--datadir': the path is empty", "mine", "--network", "regtest", "--datadir", " ",
                        "--blocks", "1"),
                bad(2, "unknown network \"foo\"; the networks are mainnet, testnet4, regtest and dagtest", "node",
                        "--network", "foo", "--datadir", d),
                bad(2, "unknown network \"foo\"; the networks are mainnet, testnet4, regtest and dagtest", "status",
                        "--network", "foo", "--datadir", d),
                bad(2, "unknown network \"foo\"; the networks are mainnet, testnet4 and regtest", "sync",
                        "--network", "foo", "--datadir", d, "--connect", "127.0.0.1:1"),
                bad(2, "cannot mine on mainnet", "mine", "--network", "mainnet", "--datadir", d, "--blocks", "1"),
                bad(2, "'--blocks': must be from 1 to 1000000, not 0", "mine", "--network", "regtest", "--datadir", d,
                        "--blocks", "0"),
                bad(2, "'--start-height': must be 0 or more, not -1", "import", "--network", "regtest", "--datadir", d,
                        "--headers", "x.bin", "--start-height", "-1"),
                bad(2, "port out of range", "sync", "--network", "regtest", "--datadir", d, "--connect",
                        "127.0.0.1:70000"),
                bad(2, "error: invalid value for option '--node': 'http://127.0.0.1:8090/' is a URL; give HOST:PORT,"
                        + " here 127.0.0.1:8090 (see 'tributary db watch --help')", "db", "watch", "--node",
                        "http://127.0.0.1:8090/", "notes"),
                bad(2, "missing required option '--datadir=DIR'", "status", "--network", "regtest"),
                // a misspelt required option is reported as unknown, not the required one as missing
                bad(2, "error: unknown option '--sorce' (did you mean --source?) (see 'tributary records sync --help')",
                        "records", "sync", "--sorce", "http://127.0.0.1:1/records/a", "--target",
                        "http://127.0.0.1:2/records/a"),
                bad(2, "error: unknown option '--data-dir' (did you mean --datadir?) (see 'tributary node --help')",
                        "node", "--network", "regtest", "--data-dir", d),
                // the value after an unknown option is not named as a second unknown option
                bad(2, "error: unknown option '--datadir' (see 'tributary db watch --help')", "db", "watch", "notes",
                        "--node", "127.0.0.1:1", "--datadir", d),
                bad(2, "error: unknown option '--page-size' (see 'tributary records sync --help')", "records", "sync",
                        "--source", "http://127.0.0.1:1/records/a", "--target", "http://127.0.0.1:2/records/a",
                        "--page-size", "0"),
                bad(2, "cannot read /nonexistent/file.bin: no such file or directory (see 'tributary import --help')",
                        "import", "--network", "regtest", "--datadir", d, "--headers", "/nonexistent/file.bin"),
                bad(2, "cannot read " + dir + ": it is a directory (see 'tributary import --help')", "import",
                        "--network", "regtest", "--datadir", d, "--blocks", dir.toString()),
                bad(1, "no chain in " + d, "status", "--network", "regtest", "--datadir", d),
                bad(1, empty + " is empty: there is nothing to import", "import", "--network", "regtest", "--datadir", d,
                        "--headers", empty.toString()),
                bad(1, empty + " is empty: there is nothing to import", "import", "--network", "regtest", "--datadir", d,
                        "--blocks", empty.toString()),
                bad(2, "missing required option '--network=NET' (or record endpoints: --records-table,", "node",
                        "--datadir", d),
                bad(2, "--records-collection needs --http HOST:PORT", "node", "--datadir", d, "--records-collection",
                        "customers"),
                bad(2, "--events-webhook needs --events", "node", "--datadir", d, "--http", "127.0.0.1:0",
                        "--records-collection", "customers", "--events-webhook", "http://127.0.0.1:1/hook"),
                bad(2, "--records-endpoint needs --records-table or --records-collection", "node", "--datadir", d,
                        "--http", "127.0.0.1:0", "--events", "--records-endpoint", "urn:x"),
                bad(2, "record collection 'customers' is named twice", "node", "--datadir", d, "--http",
                        "127.0.0.1:0", "--records-collection", "customers", "--records-table",
                        "customers=jdbc:sqlite:x.db"),
                bad(2, "'--records-priority': must be from 1 to 9, not 0", "node", "--datadir", d, "--http",
                        "127.0.0.1:0", "--records-collection", "customers", "--records-priority", "0"),
                bad(2, "record collection 'a b'", "node", "--datadir", d, "--http", "127.0.0.1:0",
                        "--records-collection", "a b"),
                bad(2, "customers", "node", "--datadir", d, "--http", "127.0.0.1:0", "--records-table",
                        "customers=jdbc:oracle:thin:@x"),
                bad(2, "--records-table customers: no SQLite database " + dir.resolve("none.db") + " (no such file):"
                        + " the table is an application's", "node", "--datadir", d, "--http", "127.0.0.1:0",
                        "--records-table", "customers=jdbc:sqlite:" + dir.resolve("none.db")),
                bad(2, "invalid value for option '--records-table': must be NAME=JDBC_URL, not customers (see", "node",
                        "--datadir", d, "--http", "127.0.0.1:0", "--records-table", "customers"),
                bad(2, "invalid value for option '--records-key': must be TABLE=COLUMN, not id (see", "node",
                        "--datadir", d, "--http", "127.0.0.1:0", "--records-key", "id"),
                bad(2, "--records-key orders=id: no --records-table orders (the tables are customers)", "node",
                        "--datadir", d, "--http", "127.0.0.1:0", "--records-table", "customers=jdbc:sqlite:x.db",
                        "--records-key", "orders=id"),
                bad(2, "--records-key customers=a b: the key column must be a plain name", "node", "--datadir", d,
                        "--http", "127.0.0.1:0", "--records-table", "customers=jdbc:sqlite:" + app, "--records-key",
                        "customers=a b"));
    }

    private static Arguments bad(int exit, String says, String... args) {
        return Arguments.of(exit, says, args);
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("badInputs")
    void aBadInputIsOneErrorLine(int exit, String says, String[] args) {
        Cli.Result r = Cli.run(args);
        assertThat(r.exitCode()).as("%s", r).isEqualTo(exit);
        assertThat(r.out()).as("%s", r).isEmpty();
        assertThat(r.err()).as("%s", r).singleElement().asString().startsWith("error: ").contains(says)
                .doesNotContainPattern(JAVA);
        assertThat(dir.resolve("data")).as("nothing written for %s", r).doesNotExist();
    }

    /**
     * A config file's errors are usage errors, as the same options' on the command line are: exit code 2, one line
     * each, and the last ends as a usage error's line does.
     */
    @Test
    void aConfigFilesErrorsEndAsAUsageErrorDoes() throws Exception {
        Path f = dir.resolve("two-errors.toml");
        Files.writeString(f, "max-outbound = 5000\nheaders-only = 1\n");
        Cli.Result r = Cli.run("node", "--config", f.toString(), "--datadir", dir.resolve("data").toString());
        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.out()).as("%s", r).isEmpty();
        assertThat(r.err()).as("%s", r).containsExactly(
                "error: " + f + ":1: max-outbound must be from 0 to 1000, not 5000",
                "error: " + f + ":2: headers-only must be true or false, not 1 (see 'tributary node --help')");
    }

    /** A peer that accepts the connection and never answers: the timeout says why nothing was synced. */
    @Test
    void aSyncThatTimesOutSaysNoPeerAnswered() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // held open, never a byte
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.start();
            Path data = dir.resolve("silent-peer");
            Cli.Result r = Cli.run("sync", "--network", "regtest", "--datadir", data.toString(), "--connect",
                    "127.0.0.1:" + silent.getLocalPort(), "--timeout", "2");
            assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
            assertThat(r.err()).as("%s", r).filteredOn(l -> l.startsWith("error: ")).singleElement().asString()
                    .isEqualTo("error: not synced after 2 s: no peer has completed its handshake (connected, but it"
                            + " has not answered as a node of this network)");
            for (java.net.Socket s : held) {
                s.close();
            }
        }
    }

    /**
     * A mistyped command or option is answered with what it may have meant only when it is really close (a few letters
     * off, or the start of the name); a word close to nothing gets the list of commands alone, no guess.
     */
    @Test
    void didYouMeanOnlyForANameThatIsClose() {
        Map<List<String>, String> meant = Map.of(
                List.of("stat"), " (did you mean status?)",
                List.of("stauts"), " (did you mean status?)",
                List.of("synk"), " (did you mean sync?)",
                List.of("db", "crate"), " (did you mean create?)");
        meant.forEach((args, says) -> {
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
            assertThat(r.err()).as("%s", r).singleElement().asString().contains(says);
        });
        for (List<String> args : List.of(List.of("bogus"), List.of("x"), List.of("db", "frobnicate"),
                List.of("demo", "--nothing-like-it"))) {
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
            assertThat(r.err()).as("%s", r).singleElement().asString().startsWith("error: ").doesNotContain("did you mean");
        }
    }

    /**
     * A value above an option whose range ends at the largest whole number a run takes is told that end, which the
     * option's help states too: {@code sync --timeout 99999999999} was refused as "must be 0 or more, not
     * 99999999999", and neither help said where the range ends.
     */
    @Test
    void aValueAboveTheRangeIsToldTheRangesEndWhichTheHelpStates() {
        String d = dir.resolve("data").toString();
        Cli.Result timeout = Cli.run("sync", "--network", "regtest", "--datadir", d, "--connect", "127.0.0.1:1",
                "--timeout", "99999999999");
        assertThat(timeout.exitCode()).as("%s", timeout).isEqualTo(2);
        assertThat(timeout.err()).as("%s", timeout).singleElement().asString()
                .startsWith("error: invalid value for option '--timeout': must be from 0 to 2147483647, not 99999999999");
        Cli.Result height = Cli.run("import", "--network", "regtest", "--datadir", d, "--headers",
                dir.resolve("none.bin").toString(), "--start-height", "99999999999");
        assertThat(height.exitCode()).as("%s", height).isEqualTo(2);
        assertThat(height.err()).as("%s", height).singleElement().asString().startsWith(
                "error: invalid value for option '--start-height': must be from 0 to 2147483647, not 99999999999");
        assertThat(dir.resolve("data")).doesNotExist();
        for (String[] command : new String[][] {{"sync", "--timeout"}, {"import", "--start-height"}}) {
            String help = String.join(" ", picocli.CommandLine.class.cast(TributaryCommand.commandLine()
                    .getSubcommands().get(command[0])).getCommandSpec().findOption(command[1]).description());
            assertThat(help).as("the help of %s %s", command[0], command[1]).contains("0 to 2,147,483,647");
        }
    }

    /**
     * Every numeric option of every command and subcommand is checked: -1 (no option takes a negative number but the
     * seeds) and a word are usage errors, before the command does anything ({@link NumericOptionSweep}).
     */
    @Test
    void everyNumericOptionIsValidated() {
        List<String> checked = NumericOptionSweep.run("", dir.resolve("data"));
        assertThat(checked).contains("demo --blocks", "sync --timeout", "node --max-upload-rate", "node --max-outbound",
                "mine --blocks", "sync --batch-size", "node --stall-timeout", "db list --limit", "db sync --timeout", "records verify --parts",
                "records verify --list-at", "make-tx --count", "sim --nodes");
    }

    /** As a person sees it: the whole of standard error, from a separate process, is the one line. */
    @Test
    void theWholeOfStandardErrorIsTheOneLine() throws Exception {
        String d = dir.resolve("data").toString();
        List<List<String>> cases = List.of(
                List.of("demo", "--blocks", "-1"),
                List.of("import", "--network", "regtest", "--datadir", d, "--headers", "/nonexistent/file.bin"),
                List.of("node", "--network", "foo", "--datadir", d));
        for (List<String> args : cases) {
            Cli.Result r = ChildCli.run(Duration.ofSeconds(60), args.toArray(String[]::new));
            assertThat(r.err()).as("%s", r).singleElement().asString().startsWith("error: ")
                    .doesNotContainPattern(JAVA);
            assertThat(r.out()).as("%s", r).isEmpty();
        }
        try (ChildCli child = ChildCli.start(Map.of("TRIBUTARY_LOG_LEVEL", "LOUD"), "status", "--network",
                "regtest", "--datadir", d)) {
            assertThat(child.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(child.err()).singleElement().asString()
                    .isEqualTo("error: TRIBUTARY_LOG_LEVEL=LOUD is not a log level; use one of TRACE, DEBUG, INFO,"
                            + " WARN, ERROR, OFF");
        }
        assertThat(Files.exists(dir.resolve("data"))).isFalse();
    }

    /**
     * A {@code --datadir} that is a file is bad usage for every command, and the file is left as it was (a failed
     * {@code node} start used to take it back as a data directory it had created, deleting it).
     */
    @Test
    void aDatadirThatIsAFileIsRefusedAndTheFileKept() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "mine");
        String f = file.toString();
        List<String[]> commands = List.of(
                new String[] {"node", "--network", "regtest", "--datadir", f, "--listen", "127.0.0.1:0"},
                new String[] {"node", "--datadir", f, "--http", "127.0.0.1:0", "--records-collection", "c"},
                new String[] {"sync", "--network", "regtest", "--datadir", f, "--connect", "127.0.0.1:1"},
                new String[] {"import", "--network", "regtest", "--datadir", f, "--headers", f},
                new String[] {"mine", "--network", "regtest", "--datadir", f, "--blocks", "1"},
                new String[] {"status", "--network", "regtest", "--datadir", f},
                new String[] {"db", "create", "x", "--type", "events", "--datadir", f},
                new String[] {"db", "list", "--datadir", f});
        for (String[] args : commands) {
            Cli.Result r = Cli.run(args);
            assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
            assertThat(r.err()).as("%s", r).singleElement().asString()
                    .startsWith("error: invalid value for option '--datadir': " + f + " is a file, not a directory");
            assertThat(file).as("%s", r).hasContent("mine");
        }
    }

    /**
     * A {@code --datadir} inside a file (a path that can never be a directory) is bad usage naming that file, for
     * every command; it was a bare {@code error: DIR/sub: not a directory} (exit code 1) from wherever the command
     * first tried to create it, {@code cannot create datadir DIR/sub/store: DIR/sub: not a directory} from others.
     */
    @Test
    void aDatadirInsideAFileIsRefusedNamingTheFile() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "mine");
        String d = file.resolve("sub").resolve("data").toString();
        List<String[]> commands = List.of(
                new String[] {"node", "--network", "regtest", "--datadir", d, "--listen", "127.0.0.1:0"},
                new String[] {"sync", "--network", "regtest", "--datadir", d, "--connect", "127.0.0.1:1"},
                new String[] {"mine", "--network", "regtest", "--datadir", d, "--blocks", "1"},
                new String[] {"db", "create", "x", "--type", "events", "--datadir", d});
        for (String[] args : commands) {
            Cli.Result r = Cli.run(args);
            assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
            assertThat(r.err()).as("%s", r).singleElement().asString()
                    .startsWith("error: invalid value for option '--datadir': " + d + " cannot be a directory: " + file
                            + " is a file");
            assertThat(file).as("%s", r).hasContent("mine");
        }
    }

    /** A start that fails once the node is being built (a table it cannot sync) takes back what it wrote. */
    @Test
    void aFailedStartLeavesTheDataDirectoryAsItWas() throws Exception {
        Path app = dir.resolve("nokey.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + app);
             java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (a TEXT, b TEXT)");
        }
        String[] args = {"node", "--datadir", dir.resolve("data").toString(), "--http", "127.0.0.1:0", "--events",
                "--records-collection", "mine", "--records-table", "t=jdbc:sqlite:" + app};
        Cli.Result r = Cli.run(args);
        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).as("%s", r).singleElement().asString()
                .startsWith("error: table t needs a primary key of one column").contains("--records-key t=COLUMN");
        assertThat(dir.resolve("data")).as("a new data directory is removed").doesNotExist();

        Path kept = dir.resolve("kept");
        Files.createDirectories(kept);
        Files.writeString(kept.resolve("notes.txt"), "mine");
        args[2] = kept.toString();
        assertThat(Cli.run(args).exitCode()).isEqualTo(1);
        try (Stream<Path> entries = Files.list(kept)) {
            assertThat(entries).as("only what was there").containsExactly(kept.resolve("notes.txt"));
        }
    }

    /**
     * A sync that fails having stored nothing (its peer cannot be reached) leaves no new data directory behind, as a
     * failed import does; it left a new, empty store.
     */
    @Test
    void aSyncThatStoredNothingLeavesTheDataDirectoryAsItWas() throws Exception {
        Path data = dir.resolve("synced");
        Cli.Result r = Cli.run("sync", "--network", "regtest", "--datadir", data.toString(), "--connect",
                "127.0.0.1:1");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).as("%s", r).last().asString().isEqualTo("error: cannot connect to 127.0.0.1:1: connection"
                + " refused");
        assertThat(data).as("a new data directory is removed").doesNotExist();

        Path kept = Files.createDirectories(dir.resolve("kept-sync"));
        Files.writeString(kept.resolve("notes.txt"), "mine");
        assertThat(Cli.run("sync", "--network", "regtest", "--datadir", kept.toString(), "--connect", "127.0.0.1:1")
                .exitCode()).isEqualTo(1);
        try (Stream<Path> entries = Files.list(kept)) {
            assertThat(entries).as("only what was there").containsExactly(kept.resolve("notes.txt"));
        }
    }

    /** A file where the data directory should be: one line, and the file stays (a failed start removed it). */
    @Test
    void aDataDirectoryThatIsAFileIsNeverRemoved() throws Exception {
        Path file = Files.writeString(dir.resolve("precious.txt"), "mine");
        Cli.Result r = Cli.run("node", "--network", "regtest", "--datadir", file.toString(), "--listen", "127.0.0.1:0",
                "--max-outbound", "0");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).as("%s", r).singleElement().asString().startsWith("error: ").contains("is a file");
        assertThat(file).hasContent("mine");
    }

    /** A port in use: the one line saying so, from a separate process (no server log), and nothing on disk. */
    @Test
    void anHttpPortInUseIsOneLineAndLeavesNothing() throws Exception {
        String d = dir.resolve("data").toString();
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String at = "127.0.0.1:" + taken.getLocalPort();
            Cli.Result r = ChildCli.run(Duration.ofSeconds(60), "node", "--datadir", d, "--http", at,
                    "--records-collection", "customers", "--events");
            assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
            assertThat(r.err()).as("%s", r).containsExactly("error: cannot serve HTTP on " + at + ": the port is in use");
            assertThat(r.out()).as("%s", r).isEmpty();
        }
        assertThat(dir.resolve("data")).doesNotExist();
    }

    /** The peer port in use is said as the HTTP port's is (naming which of the two), not in the operating system's words. */
    @Test
    void aPeerPortInUseIsSaidAsTheHttpPortIs() throws Exception {
        String d = dir.resolve("peerport").toString();
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String at = "127.0.0.1:" + taken.getLocalPort();
            Cli.Result r = ChildCli.run(Duration.ofSeconds(60), "node", "--network", "regtest", "--datadir", d,
                    "--listen", at, "--max-outbound", "0");
            assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
            assertThat(r.err()).as("%s", r).containsExactly("error: cannot listen for peers on " + at
                    + ": the port is in use");
        }
    }

    @Test
    void javaFailuresAreSaidInWords() {
        assertThat(UserErrors.describe(new IllegalStateException("cannot create datadir /p/store: "
                + new java.nio.file.NoSuchFileException("/p"), new java.nio.file.NoSuchFileException("/p"))))
                .isEqualTo("cannot create datadir /p/store: /p does not exist");
        assertThat(UserErrors.describe(new java.io.UncheckedIOException(new java.nio.file.AccessDeniedException("/d/x"))))
                .isEqualTo("/d/x: permission denied");
        assertThat(UserErrors.describe(new RuntimeException("error: java.io.IOException: disk full")))
                .isEqualTo("error: disk full");
        assertThat(UserErrors.describe(new java.util.concurrent.CompletionException(
                new java.nio.file.FileSystemException("/d", null, "Read-only file system"))))
                .isEqualTo("/d: read-only file system");
        assertThat(UserErrors.describe(new NullPointerException())).doesNotContainPattern(JAVA).contains("TRIBUTARY_DEBUG");
    }
}
