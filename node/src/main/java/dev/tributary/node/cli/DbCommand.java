package dev.tributary.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.node.db.DagJson;
import dev.tributary.node.db.DbException;
import dev.tributary.node.db.IdentityFile;
import dev.tributary.node.db.NodeDatabases;
import dev.tributary.oplog.db.Database;
import dev.tributary.oplog.db.DatabaseType;
import dev.tributary.oplog.db.Documents;
import dev.tributary.oplog.manifest.DatabaseAddress;
import dev.tributary.store.KeyValueStore;
import dev.tributary.store.StoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary db}: the databases of a data directory (OrbitDB 4's events, keyvalue and documents), worked on
 * directly in its store as the node's identity ({@code DIR/identity.json}), so with the node stopped; a running
 * node's databases are reached through its HTTP API ({@code /db/...}), which {@code db watch --node} follows.
 * Results go to standard output (an address, a hash, JSON); a refusal is one {@code error:} line and exit code 1,
 * bad usage exit code 2, and changes nothing: only {@code create} makes a data directory, and a failed command takes
 * back what it added to one (a new store or identity).
 */
@Command(name = "db", mixinStandardHelpOptions = true,
        description = "Databases in OrbitDB 4's formats, in a stopped node's data directory (watch: a running node's;"
                + " sync: fetched from a running node).",
        subcommands = {DbCommand.Create.class, DbCommand.Open.class, DbCommand.Put.class, DbCommand.Get.class,
            DbCommand.Del.class, DbCommand.Add.class, DbCommand.ListCommand.class, DbCommand.Info.class,
            DbCommand.Watch.class, DbSyncCommand.class})
final class DbCommand {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A VALUE that means: read the value from standard input. */
    static final String STDIN = "-";

    /** What every command working on a data directory takes. */
    abstract static class OnDatadir implements Callable<Integer> {
        @Option(names = "--datadir", required = true, paramLabel = "DIR", converter = DatadirConverter.class,
                description = "the stopped node's data directory")
        Path datadir;

        @Spec
        CommandLine.Model.CommandSpec spec;

        /** Whether the command may create the data directory (writes) or needs it to exist (reads). */
        boolean creates() {
            return false;
        }

        abstract Object work(NodeDatabases dbs);

        /**
         * Checks the command's arguments before anything is opened or written.
         *
         * @throws CommandLine.ParameterException on bad usage
         */
        void check() {
        }

        /**
         * Checks the arguments, works on the store, and prints the result. A command that fails takes back what it
         * wrote into the data directory (a new store and identity), so that a refused write leaves nothing behind.
         */
        @Override
        public Integer call() throws IOException {
            check();
            if (!creates() && !Files.isDirectory(Node.storeDirectory(datadir))) {
                throw new IllegalStateException("datadir " + datadir + " holds no databases (create one first: tributary db"
                        + " create NAME --type TYPE --datadir " + datadir + ")");
            }
            return run();
        }

        private Integer run() throws IOException {
            Logging.quiet();
            DatadirEntries before = DatadirEntries.of(datadir);
            try {
                Object result = onStore();
                before.keep();
                PrintWriter out = spec.commandLine().getOut();
                if (result instanceof Iterable<?> lines && !(result instanceof JsonNode)) {
                    lines.forEach(out::println);
                } else {
                    out.println(result);
                }
                out.flush();
                return 0;
            } finally {
                before.removeNewUnlessKept();
            }
        }

        private Object onStore() {
            KeyValueStore store;
            try {
                store = Node.openStore(StoreKind.ROCKSDB, datadir);
            } catch (StoreException e) {
                if (e.isInUse()) {
                    throw new IllegalStateException("datadir " + datadir + " is in use by a running node: stop it, or"
                            + " use its HTTP API (/db/databases/...)", e);
                }
                throw e;
            }
            try (store; NodeDatabases dbs = NodeDatabases.on(store,
                    IdentityFile.loadOrCreate(datadir, new SecureRandom()))) {
                return work(dbs);
            } catch (DbException e) {
                throw withFetchHint(e);
            }
        }

        /**
         * An address not held here: the command that fetches it from a node that holds it ({@code db sync}), in
         * place of the HTTP API's hint (open it by address from a connected peer).
         */
        private RuntimeException withFetchHint(DbException e) {
            String prefix = "no database " + DatabaseAddress.PREFIX;
            if (e.kind() != DbException.Kind.NOT_FOUND || !e.getMessage().startsWith(prefix)) {
                return e;
            }
            String address = e.getMessage().substring("no database ".length()).split(" ", 2)[0];
            return new IllegalStateException("no database " + address + " in " + datadir + ": fetch it from a node"
                    + " that holds it (tributary db sync " + address + " --peer HOST:PORT --datadir " + datadir
                    + ", HOST:PORT that node's --listen address), or create it by name", e);
        }

        /**
         * {@code text} as a JSON value (or, with {@code --string}, as text); {@code -} reads it from standard input
         * (for values longer than a command line takes).
         */
        JsonNode json(String text, boolean asString, String what) {
            if (STDIN.equals(text)) {
                text = StandardInput.read(what);
                if (!asString && text.isBlank()) {
                    // not "not JSON: the text is empty" with advice to quote a string: nothing came in at all
                    throw new CommandLine.ParameterException(spec.commandLine(), what + " '-' is read from standard"
                            + " input, and it was empty: pipe the value in (echo '{\"text\": \"hi\"}' | tributary db"
                            + " ...), or give it in place of '-'");
                }
            }
            if (asString) {
                return TextNode.valueOf(text);
            }
            try {
                return DagJson.toJson(DagJson.parse(text));
            } catch (IllegalArgumentException e) {
                // text that is not JSON is most often an unquoted string; JSON without a dag-cbor form is not
                throw new CommandLine.ParameterException(spec.commandLine(), what
                        + (e.getMessage().startsWith("not JSON") ? " is JSON (quote a string: '\"blue\"', or pass"
                                + " --string): " : " cannot be stored: ") + e.getMessage());
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a database by name (or opens it: the same name, type and writers give the same"
                    + " address); prints its address.")
    static final class Create extends OnDatadir {
        @Parameters(index = "0", paramLabel = "NAME",
                description = "the database's name (the same name, type and writers give the same address)")
        String name;

        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "events, keyvalue or documents")
        String type;

        @Option(names = "--write", paramLabel = "ID",
                description = "an identity id that may write (repeatable; * for anyone; default: this node only)")
        List<String> write;

        @Option(names = "--index-by", paramLabel = "FIELD", description = "documents: the key field (default: _id)")
        String indexBy;

        @Override
        boolean creates() {
            return true;
        }

        @Override
        void check() {
            try {
                DatabaseType.parse(type);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        @Override
        Object work(NodeDatabases dbs) {
            return dbs.create(name, type, write, indexBy).get("address").asText();
        }
    }

    @Command(name = "open", mixinStandardHelpOptions = true,
            description = "Opens a database known here by address (or name); prints its address and type.")
    static final class Open extends OnDatadir {
        @Parameters(index = "0", paramLabel = "ADDRESS",
                description = "the database's address (/orbitdb/...), or its name")
        String ref;

        @Override
        Object work(NodeDatabases dbs) {
            Database db = dbs.find(ref);
            return db.address() + " " + db.type() + " " + db.name();
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = "keyvalue: sets KEY to the JSON VALUE; documents: stores the JSON document VALUE (its key is"
                    + " its index field); VALUE - reads it from standard input; prints the entry's hash.")
    static final class Put extends OnDatadir {
        @Parameters(index = "0", paramLabel = "DB", description = "the database's name or address")
        String ref;

        @Parameters(index = "1", paramLabel = "KEY",
                description = "the key; documents: the JSON document, and no VALUE")
        String key;

        @Parameters(index = "2", arity = "0..1", paramLabel = "VALUE",
                description = "the JSON value (text with --string; - reads it from standard input)")
        String value;

        @Option(names = "--string", description = "take VALUE as text, not JSON")
        boolean string;

        /** KEY and VALUE as given: one (a document) or two. */
        private List<String> rest() {
            return value == null ? List.of(key) : List.of(key, value);
        }

        @Override
        void check() {
            if (rest().size() == 2 && !STDIN.equals(rest().get(1))) {
                json(rest().get(1), string, "VALUE"); // standard input is read once, by work
            }
        }

        @Override
        Object work(NodeDatabases dbs) {
            Database db = dbs.find(ref);
            if (db instanceof Documents docs) {
                if (rest().size() != 1) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "a documents database takes one JSON"
                            + " document, its key in field '" + docs.indexBy() + "': db put DB '{\"" + docs.indexBy()
                            + "\": ..., ...}'");
                }
                return dbs.put(db, null, json(rest().get(0), false, "the document")).get("hash").asText();
            }
            if (rest().size() != 2) {
                throw new CommandLine.ParameterException(spec.commandLine(), "put takes a KEY and a VALUE");
            }
            return dbs.put(db, rest().get(0), json(rest().get(1), string, "VALUE")).get("hash").asText();
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "events: adds the JSON VALUE (- reads it from standard input); prints the entry's hash.")
    static final class Add extends OnDatadir {
        @Parameters(index = "0", paramLabel = "DB", description = "the database's name or address (an events database)")
        String ref;

        @Parameters(index = "1", paramLabel = "VALUE",
                description = "the JSON value (text with --string; - reads it from standard input)")
        String value;

        @Option(names = "--string", description = "take VALUE as text, not JSON")
        boolean string;

        @Override
        void check() {
            if (!STDIN.equals(value)) {
                json(value, string, "VALUE"); // standard input is read once, by work
            }
        }

        @Override
        Object work(NodeDatabases dbs) {
            Database db = dbs.find(ref);
            return dbs.add(db, json(value, string, "VALUE")).get("hash").asText();
        }
    }

    @Command(name = "del", mixinStandardHelpOptions = true,
            description = "Deletes KEY (keyvalue) or the document with key KEY (documents); prints the entry's hash.")
    static final class Del extends OnDatadir {
        @Parameters(index = "0", paramLabel = "DB", description = "the database's name or address")
        String ref;

        @Parameters(index = "1", paramLabel = "KEY", description = "keyvalue: the key; documents: the document's key")
        String key;

        @Override
        Object work(NodeDatabases dbs) {
            return dbs.del(dbs.find(ref), key).get("hash").asText();
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Prints KEY's value (keyvalue), the document with key KEY (documents) or the event whose hash"
                    + " is KEY (events), as JSON.")
    static final class Get extends OnDatadir {
        @Parameters(index = "0", paramLabel = "DB", description = "the database's name or address")
        String ref;

        @Parameters(index = "1", paramLabel = "KEY",
                description = "keyvalue: the key; documents: the document's key; events: the entry's hash")
        String key;

        @Override
        Object work(NodeDatabases dbs) {
            return dbs.get(dbs.find(ref), key).get("value");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Without DB: the databases, one a line (address type name entries). With DB: its events, or"
                    + " its current records, newest first, one JSON line each.")
    static final class ListCommand extends OnDatadir {
        @Parameters(index = "0", arity = "0..1", paramLabel = "DB",
                description = "a database's name or address: list its entries (left out: list the databases)")
        String ref;

        @Option(names = "--limit", defaultValue = "100", paramLabel = "N",
                description = "most lines, 1.." + NodeDatabases.MAX_LIMIT + " (default: ${DEFAULT-VALUE})")
        int limit;

        @Override
        void check() {
            OptionChecks.range(spec, "--limit", limit, 1, NodeDatabases.MAX_LIMIT);
        }

        @Override
        Object work(NodeDatabases dbs) {
            List<String> lines = new ArrayList<>();
            if (ref == null) {
                for (JsonNode d : dbs.list()) {
                    lines.add(d.get("address").asText() + " " + d.get("type").asText() + " " + d.get("name").asText()
                            + " entries=" + d.get("entries").asLong());
                }
                return lines;
            }
            for (JsonNode e : dbs.entries(dbs.find(ref), limit, null, null, null, null)) {
                lines.add(e.toString());
            }
            return lines;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Prints a database's address, type, writers, entry count and heads, as JSON.")
    static final class Info extends OnDatadir {
        @Parameters(index = "0", paramLabel = "DB", description = "the database's name or address")
        String ref;

        @Override
        Object work(NodeDatabases dbs) {
            return dbs.info(dbs.find(ref)).toPrettyString();
        }
    }

    @Command(name = "watch", mixinStandardHelpOptions = true,
            description = "Follows a database of a running node (its --http address): prints each entry applied to it"
                    + " as a JSON line {address, hash, local, payload}, until stopped.")
    static final class Watch implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DB", description = "the database's name or address")
        String ref;

        @Option(names = "--node", required = true, paramLabel = "HOST:PORT", description = "the node's --http address")
        InetSocketAddress node;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String db = ref;
            if (ref.startsWith("/")) {
                try {
                    db = DatabaseAddress.parse(ref).hash();
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
            String host = node.getHostString();
            URI uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + node.getPort()
                    + "/db/databases/" + URLEncoder.encode(db, StandardCharsets.UTF_8).replace("+", "%20") + "/watch");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<InputStream> res;
            try {
                res = http.send(HttpRequest.newBuilder(uri).timeout(ANSWER).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (java.net.http.HttpTimeoutException e) {
                throw new IllegalStateException(host + ":" + node.getPort() + " took the connection but did not answer"
                        + " in " + ANSWER.toSeconds() + " s (is the node there hung, or is it not a node's --http"
                        + " address?)", e);
            } catch (ConnectException e) {
                throw new IllegalStateException("cannot reach a node's HTTP API at " + host + ":" + node.getPort()
                        + " (is it running with --http?)", e);
            } catch (IOException e) {
                // Java's words ("HTTP/1.1 header parser received no bytes", "Invalid status line"): not a node's API
                throw new IllegalStateException(host + ":" + node.getPort() + " did not answer as a node's HTTP API"
                        + " does (is it the node's --http address?)", e);
            }
            try {
                return InterruptNotice.during(() -> "stopped watching " + (watching != null ? watching : ref) + ": "
                        + (entries == 1 ? "1 entry" : entries + " entries") + " applied, "
                        + Plural.of(events, "replication event") + " printed", () -> follow(res));
            } catch (IOException e) {
                // the stream broke off (Java's "closed"): the node stopped, or the connection to it broke
                throw new IllegalStateException("the node at " + host + ":" + node.getPort() + " broke off the watch"
                        + " (it stopped, or the connection to it broke)", e);
            }
        }

        /** How long the node may take to answer the watch request. */
        private static final Duration ANSWER = Duration.ofSeconds(10);
        /** How long the node may stay silent: it sends a line (an empty one at least) every 10 s. */
        private static final Duration SILENCE = Duration.ofSeconds(30);

        /** The address the node said it watches, once it said so. */
        private volatile String watching;
        /** Entries applied and replication events printed so far. */
        private volatile long entries;
        private volatile long events;

        /** Prints the watch's lines until the node ends it. */
        private Integer follow(HttpResponse<InputStream> res) throws IOException {
            BufferedReader lines = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8));
            if (res.statusCode() != 200) {
                try (lines) {
                    String body = lines.lines().reduce("", String::concat);
                    // the node's words ("no database named 'x' here"): its "here" is the node
                    throw new IllegalStateException("the node at " + node.getHostString() + ":" + node.getPort()
                            + " answered: " + errorOf(body, res.statusCode()));
                }
            }
            // The stream is left open: its reader's thread may be blocked in a read that never returns (a node that
            // hangs), and closing the stream would wait for that read. The command ends, and its process with it.
            PrintWriter out = spec.commandLine().getOut();
            WatchLines feed = new WatchLines(lines);
            String line;
            while ((line = next(feed)) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                JsonNode j = JSON.readTree(line);
                if (j.has("watching")) {
                    watching = j.get("watching").asText();
                    System.err.println("watching " + watching + " (Ctrl-C to stop)");
                } else if (j.has("error")) {
                    throw new IllegalStateException(j.get("error").asText());
                } else {
                    out.println(line);
                    out.flush();
                    if (j.has("replication")) {
                        events++;
                    } else {
                        entries++;
                    }
                }
            }
            throw new IllegalStateException("the node ended the watch (it stopped)");
        }

        /**
         * The stream's next line, or null at its end.
         *
         * @throws IllegalStateException when the node sent nothing, not even its keep-alive line, for {@link #SILENCE}
         */
        private String next(WatchLines feed) throws IOException {
            try {
                return feed.next(SILENCE);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("the node at " + node.getHostString() + ":" + node.getPort() + " sent"
                        + " nothing for " + SILENCE.toSeconds() + " s, not even the line it sends every 10 s to keep"
                        + " a watch alive: it hangs, or the connection to it broke", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted");
            }
        }

        private static String errorOf(String body, int status) {
            try {
                return JSON.readTree(body).path("error").asText("status " + status);
            } catch (Exception e) {
                return "status " + status;
            }
        }
    }

    private DbCommand() {
    }
}
