package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary db} on a data directory: create, put, get, del, add, list, info, open; each bad input one
 * {@code error:} line in the user's terms, nothing on standard output, exit code 1 (or 2 for bad usage), nothing
 * changed.
 */
class DbCommandTest {
    private static final Pattern JAVA = Pattern.compile("java\\.|[A-Z]\\w*(Exception|Error)\\b|`|\\bcom\\.|Source:");

    /** An identity id that is not this data directory's. */
    private static final String OTHER = "02" + "ab".repeat(32);

    @TempDir
    Path dir;

    private Cli.Result db(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "db";
        System.arraycopy(args, 0, all, 1, args.length);
        return Cli.run(all);
    }

    @Test
    void aKeyValueDatabaseFromTheCommandLine() {
        String d = dir.resolve("data").toString();
        Cli.Result created = db("create", "settings", "--type", "keyvalue", "--datadir", d);
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String address = created.lastOut();
        assertThat(address).startsWith("/orbitdb/zdpu");
        assertThat(Files.exists(dir.resolve("data/identity.json"))).isTrue();
        assertThat(db("create", "settings", "--type", "keyvalue", "--datadir", d).lastOut()).isEqualTo(address);

        assertThat(db("put", "settings", "colour", "\"blue\"", "--datadir", d).lastOut()).startsWith("zdpu");
        assertThat(db("put", "settings", "size", "12", "--datadir", d).exitCode()).isZero();
        assertThat(db("put", "settings", "motto", "carpe diem", "--string", "--datadir", d).exitCode()).isZero();
        assertThat(db("del", "settings", "size", "--datadir", d).exitCode()).isZero();
        assertThat(db("get", "settings", "colour", "--datadir", d).lastOut()).isEqualTo("\"blue\"");
        assertThat(db("get", address, "motto", "--datadir", d).lastOut()).isEqualTo("\"carpe diem\"");
        assertThat(db("list", "--datadir", d).out()).containsExactly(address + " keyvalue settings entries=4");
        assertThat(db("list", "settings", "--datadir", d).out()).hasSize(2);
        assertThat(db("open", address, "--datadir", d).lastOut()).isEqualTo(address + " keyvalue settings");
        assertThat(String.join("\n", db("info", "settings", "--datadir", d).out())).contains("\"entries\" : 4");

        assertThat(db("create", "log", "--type", "events", "--datadir", d).exitCode()).isZero();
        String hash = db("add", "log", "{\"n\": 1}", "--datadir", d).lastOut();
        assertThat(db("get", "log", hash, "--datadir", d).lastOut()).isEqualTo("{\"n\":1}");
        assertThat(db("create", "people", "--type", "documents", "--index-by", "name", "--datadir", d).exitCode())
                .isZero();
        assertThat(db("put", "people", "{\"name\": \"ada\", \"born\": 1815}", "--datadir", d).exitCode()).isZero();
        assertThat(db("get", "people", "ada", "--datadir", d).lastOut()).isEqualTo("{\"born\":1815,\"name\":\"ada\"}");
    }

    @Test
    void badInputsAreOneLineAndChangeNothing() {
        String d = dir.resolve("data").toString();
        db("create", "kv", "--type", "keyvalue", "--datadir", d);
        String ev = db("create", "ev", "--type", "events", "--datadir", d).out().get(0);
        db("create", "theirs", "--type", "keyvalue", "--write", OTHER, "--datadir", d);
        db("put", "kv", "a", "1", "--datadir", d);
        String before = String.join("\n", db("list", "--datadir", d).out())
                + String.join("\n", db("info", "kv", "--datadir", d).out());

        refused(2, "unknown database type 'graph'", "create", "x", "--type", "graph", "--datadir", d);
        refused(1, "a writer is an identity id (66 lowercase hex digits", "create", "x", "--type", "keyvalue",
                "--write", "xyz", "--datadir", d);
        refused(1, "not '" + OTHER.toUpperCase() + "'", "create", "x", "--type", "keyvalue", "--write",
                OTHER.toUpperCase(), "--datadir", d);
        refused(1, "not an OrbitDB address", "get", "/orbitdb/nope", "k", "--datadir", d);
        refused(1, "no database named 'nothere'", "get", "nothere", "k", "--datadir", d);
        refused(1, "no key 'missing'", "get", "kv", "missing", "--datadir", d);
        refused(2, "no floats", "put", "kv", "a", "1.5", "--datadir", d);
        refused(2, "VALUE is JSON (quote a string: '\"blue\"', or pass --string): not JSON: expected a value (a string in"
                + " double quotes, a number, an object, an array, true, false or null), found 'blue' (line 1, column 1)",
                "put", "kv", "a", "blue", "--datadir", d);
        refused(1, "not put", "put", "ev", "a", "1", "--datadir", d);
        refused(1, "database " + ev + " is an events database, not keyvalue", "create", ev, "--type", "keyvalue",
                "--datadir", d);
        refused(1, "not add", "add", "kv", "1", "--datadir", d);
        refused(1, "an entry holds at most", "put", "kv", "a", "x".repeat(1_100_000), "--string", "--datadir", d);
        refused(1, input("\"" + "x".repeat(1_100_000) + "\""), "an entry holds at most", "put", "kv", "a", "-",
                "--datadir", d);
        refused(1, input("x".repeat(StandardInput.MAX_BYTES + 1)), "longer than " + StandardInput.MAX_BYTES + " bytes",
                "add", "ev", "-", "--string", "--datadir", d);
        refused(2, "more follows the value", "put", "kv", "a", "\"a\" \"b\"", "--datadir", d);
        refused(2, "not JSON: expected ] to close the array opened at line 1, column 1, found the end of the text (line 1,"
                + " column 5)", "add", "ev", "[1,2", "--datadir", d);
        refused(2, input(""), "VALUE '-' is read from standard input, and it was empty: pipe the value in", "put", "kv",
                "a", "-", "--datadir", d);
        refused(2, input("{\"a\":"), "not JSON: expected the rest of the object, found the end of the text (line 1,"
                + " column 6)", "add", "ev", "-", "--datadir", d);
        refused(1, "may not write to", "put", "theirs", "a", "1", "--datadir", d);
        refused(1, "may not write to", "del", "theirs", "a", "--datadir", d);
        refused(1, "holds no databases", "list", "--datadir", dir.resolve("none").toString());
        refused(2, "'--limit': must be from 1 to 10000, not 0", "list", "kv", "--limit", "0", "--datadir", d);
        refused(2, "missing required option '--node=HOST:PORT'", "watch", "kv");
        refused(1, "cannot reach a node's HTTP API at 127.0.0.1:1", "watch", "kv", "--node", "127.0.0.1:1");
        refused(1, "not an OrbitDB address: '/orbitdb/bad'", "watch", "/orbitdb/bad", "--node", "127.0.0.1:1");

        assertThat(String.join("\n", db("list", "--datadir", d).out())
                + String.join("\n", db("info", "kv", "--datadir", d).out())).isEqualTo(before);
        assertThat(Files.exists(dir.resolve("none"))).isFalse();
    }

    /**
     * A watch whose node stops mid-stream (the chunked answer breaks off) or whose address is not a node's HTTP API
     * says so, not Java's "closed" or "HTTP/1.1 header parser received no bytes"; a node's refusal is named as the
     * node's.
     */
    @Test
    void aWatchBrokenOffOrAtAnotherServerIsSaidInWords() throws Exception {
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n";
        String watching = "{\"watching\":\"/orbitdb/zdpuA\"}\n";
        String chunk = Integer.toHexString(watching.length()) + "\r\n" + watching + "\r\n";
        String error = "{\"error\":\"no database named 'kv' here (create it first)\"}";
        String notHere = "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: " + error.length()
                + "\r\nConnection: close\r\n\r\n" + error;
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 4, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                // broken off; then no HTTP at all (twice: the client asks a GET again once); then the node's 404
                for (String answer : new String[] {head + chunk, "", "", notHere}) {
                    try (java.net.Socket s = server.accept()) {
                        s.getInputStream().read(new byte[4096]);
                        s.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            }, "fake node");
            t.setDaemon(true);
            t.start();
            String node = "127.0.0.1:" + server.getLocalPort();
            Cli.Result broken = Cli.run("db", "watch", "kv", "--node", node);
            assertThat(broken.exitCode()).as("%s", broken).isEqualTo(1);
            assertThat(broken.err()).as("%s", broken).last().asString().isEqualTo("error: the node at " + node
                    + " broke off the watch (it stopped, or the connection to it broke)");
            refused(1, "error: " + node + " did not answer as a node's HTTP API does (is it the node's --http address?)",
                    "watch", "kv", "--node", node);
            // the node's own words, whose "here" is the node, not this machine's data directory
            refused(1, "error: the node at " + node + " answered: no database named 'kv' here (create it first)",
                    "watch", "kv", "--node", node);
        }
    }

    /** A command refused on a data directory that did not exist leaves none (no store, no identity) behind. */
    @Test
    void aRefusedCommandCreatesNoDataDirectory() {
        String fresh = dir.resolve("fresh").toString();
        refused(2, "unknown database type 'graph'", "create", "x", "--type", "graph", "--datadir", fresh);
        refused(2, "VALUE is JSON", "put", "kv", "a", "blue", "--datadir", fresh);
        refused(2, "VALUE is JSON", "add", "ev", "blue", "--datadir", fresh);
        refused(1, "holds no databases", "put", "kv", "a", "1", "--datadir", fresh);
        refused(1, "holds no databases", "add", "ev", "1", "--datadir", fresh);
        refused(1, "holds no databases", "del", "kv", "a", "--datadir", fresh);
        assertThat(dir.resolve("fresh")).doesNotExist();
        assertThat(db("create", "kv", "--type", "keyvalue", "--datadir", fresh).exitCode()).isZero();
        assertThat(dir.resolve("fresh").resolve("identity.json")).exists();
    }

    @Test
    void aValueTooLongForTheCommandLineComesFromStandardInput() {
        String d = dir.resolve("data").toString();
        db("create", "kv", "--type", "keyvalue", "--datadir", d);
        db("create", "people", "--type", "documents", "--datadir", d);
        String big = "y".repeat(600_000);
        Cli.Result put = Cli.run(("\"" + big + "\"\n").getBytes(StandardCharsets.UTF_8), "db", "put", "kv", "big", "-",
                "--datadir", d);
        assertThat(put.exitCode()).as(put.toString()).isZero();
        assertThat(db("get", "kv", "big", "--datadir", d).lastOut()).isEqualTo("\"" + big + "\"");
        Cli.Result text = Cli.run("plain text".getBytes(StandardCharsets.UTF_8), "db", "put", "kv", "t", "-", "--string",
                "--datadir", d);
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(db("get", "kv", "t", "--datadir", d).lastOut()).isEqualTo("\"plain text\"");
        Cli.Result doc = Cli.run("{\"_id\": \"ada\"}".getBytes(StandardCharsets.UTF_8), "db", "put", "people", "-",
                "--datadir", d);
        assertThat(doc.exitCode()).as(doc.toString()).isZero();
        assertThat(db("get", "people", "ada", "--datadir", d).lastOut()).isEqualTo("{\"_id\":\"ada\"}");
    }

    @Test
    void aCommandRefusedOnANewDataDirectoryLeavesNoDirectory() {
        Path fresh = dir.resolve("fresh");
        String d = fresh.toString();
        refused(1, "holds no databases", "put", "kv", "a", "1", "--datadir", d);
        refused(1, "holds no databases", "add", "/orbitdb/nope", "1", "--datadir", d);
        refused(1, "holds no databases", "del", "kv", "a", "--datadir", d);
        refused(2, "unknown database type 'graph'", "create", "x", "--type", "graph", "--datadir", d);
        refused(1, "indexBy applies to documents databases only", "create", "x", "--type", "keyvalue", "--index-by",
                "name", "--datadir", d);
        assertThat(Files.exists(fresh)).isFalse();
    }

    @Test
    void aDataDirectoryThatIsAFileIsRefusedAndLeftAsItWas() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "precious");
        refused(2, "is a file, not a directory", "create", "x", "--type", "keyvalue", "--datadir", file.toString());
        refused(2, "is a file, not a directory", "put", "x", "a", "1", "--datadir", file.toString());
        assertThat(file).hasContent("precious");
    }

    /** Standard input that cannot be read ({@code < DIR} in a shell: the read fails with EISDIR) is named so. */
    @Test
    void standardInputThatCannotBeReadIsNamed() {
        String d = dir.resolve("stdin").toString();
        assertThat(Cli.run("db", "create", "ev", "--type", "events", "--datadir", d).exitCode()).isZero();
        java.io.InputStream stdin = System.in;
        System.setIn(new java.io.InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new java.io.IOException("Is a directory");
            }
        });
        Cli.Result r;
        try {
            r = Cli.run("db", "add", "ev", "-", "--datadir", d);
        } finally {
            System.setIn(stdin);
        }
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).containsExactly("error: cannot read VALUE from standard input: it is a"
                + " directory");
    }

    /** An address the data directory does not hold: the command that fetches it from a node that does. */
    @Test
    void anAddressNotHeldHereNamesDbSync() {
        String d = dir.resolve("held").toString();
        assertThat(Cli.run("db", "create", "log", "--type", "events", "--datadir", d).exitCode()).isZero();
        String other = "/orbitdb/zdpuAkk6YmQ1dPnBLrpsXgWWdD9eVtsfAKgyeNxyLBEWHsSwr";
        refused(1, "no database " + other + " in " + d + ": fetch it from a node that holds it (tributary db sync "
                + other + " --peer HOST:PORT --datadir " + d, "get", other, "k", "--datadir", d);
    }

    /** A key and a value given to a documents database: the usage shown names its own index field, not _id. */
    @Test
    void aDocumentPutWithAKeyNamesTheDatabasesIndexField() {
        String d = dir.resolve("docs").toString();
        assertThat(Cli.run("db", "create", "people", "--type", "documents", "--index-by", "name", "--datadir", d)
                .exitCode()).isZero();
        refused(2, "one JSON document, its key in field 'name': db put DB '{\"name\": ..., ...}'", "put", "people",
                "ada", "{\"name\": \"ada\"}", "--datadir", d);
    }

    private void refused(int code, String message, String... args) {
        refused(code, null, message, args);
    }

    private static byte[] input(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void refused(int code, byte[] stdin, String message, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "db";
        System.arraycopy(args, 0, all, 1, args.length);
        Cli.Result r = stdin == null ? Cli.run(all) : Cli.run(stdin, all);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(code);
        assertThat(r.out()).as(r.toString()).isEmpty();
        assertThat(r.err()).as(r.toString()).hasSize(1);
        assertThat(r.err().get(0)).as(r.toString()).startsWith("error: ").contains(message);
        assertThat(JAVA.matcher(r.err().get(0)).find()).as(r.toString()).isFalse();
    }
}
