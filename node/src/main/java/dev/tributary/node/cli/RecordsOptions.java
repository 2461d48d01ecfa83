package dev.tributary.node.cli;

import dev.tributary.node.NodeService;
import dev.tributary.node.records.EventsService;
import dev.tributary.node.records.RecordsConfig;
import dev.tributary.node.records.RecordsService;
import dev.tributary.node.records.SqliteRecordStore;
import dev.tributary.node.records.TableRecordStore;
import dev.tributary.node.records.TableStoreConfig;
import dev.tributary.records.DigestEntry;
import dev.tributary.records.RecordCollection;
import dev.tributary.records.RecordStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of {@code tributary node} that serve record endpoints (SData digest sync) and the event manager on
 * the node's HTTP server: tables of PostgreSQL, MariaDB or SQLite ({@code --records-table}), collections the node
 * keeps itself in {@code DATADIR/records.db} ({@code --records-collection}), and {@code --events}.
 */
final class RecordsOptions {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.tributary.node");
    /** Most runs the event manager keeps. */
    static final int MAX_EVENT_RUNS = 100_000;

    @Option(names = "--records-table", paramLabel = "NAME=JDBC_URL",
            description = "serve table NAME of the database at JDBC_URL as the record collection NAME, at"
                    + " /records/NAME/ (jdbc:postgresql://HOST:PORT/DB[?currentSchema=S&user=U&password=P],"
                    + " jdbc:mariadb://HOST:PORT/DB[?user=U&password=P] or jdbc:sqlite:FILE); repeatable;"
                    + " needs --http")
    Map<String, String> tables = new LinkedHashMap<>();

    @Option(names = "--records-key", paramLabel = "TABLE=COLUMN",
            description = "sync table TABLE (of --records-table) keyed by COLUMN instead of its primary key: for a"
                    + " table whose primary key is not one column; COLUMN must be NOT NULL and unique by a constraint"
                    + " or index of its own; repeatable")
    Map<String, String> keys = new LinkedHashMap<>();

    @Option(names = "--records-collection", paramLabel = "NAME",
            description = "serve a record collection NAME that the node keeps itself, in DATADIR/records.db"
                    + " (SQLite); repeatable; needs --http")
    List<String> collections = new ArrayList<>();

    @Option(names = "--records-priority", paramLabel = "N", defaultValue = "5",
            description = "this replica's conflict priority for its collections, 1 (strongest) to 9"
                    + " (default: ${DEFAULT-VALUE})")
    int priority;

    @Option(names = "--records-endpoint", paramLabel = "URI",
            description = "this replica's endpoint URI, stable and unique among the replicas; a collection's endpoint"
                    + " is URI/NAME (default: one made at random once and kept in DATADIR/records-endpoint)")
    String endpoint;

    @Option(names = "--events",
            description = "serve the event manager at /events/ (the target of records sync --events"
                    + " http://HOST:PORT/events/diagnostics); needs --http")
    boolean events;

    @Option(names = "--events-webhook", paramLabel = "URL",
            description = "with --events, POST an alert for each run report with conflicts or failures here")
    String webhook;

    @Option(names = "--events-max-runs", paramLabel = "N", defaultValue = "1000",
            description = "with --events, the runs kept, 1 to " + MAX_EVENT_RUNS + " (default: ${DEFAULT-VALUE})")
    int maxRuns;

    /** Whether any record endpoint or the event manager is asked for. */
    boolean any() {
        return !tables.isEmpty() || !collections.isEmpty() || events;
    }

    /**
     * A problem with these options: the option it is about, the entry of a map option it is about (a table's name)
     * or null, and what is wrong, in words that name options as the command line spells them.
     */
    record Problem(String option, String entry, String message) {
    }

    /**
     * Checks the options, as usage errors naming the option: the first of {@link #problems}.
     *
     * @param http whether the node serves HTTP
     */
    void check(CommandLine.Model.CommandSpec spec, boolean http) {
        OptionChecks.range(spec, "--records-priority", priority, DigestEntry.STRONGEST_PRIORITY,
                DigestEntry.WEAKEST_PRIORITY);
        OptionChecks.range(spec, "--events-max-runs", maxRuns, 1, MAX_EVENT_RUNS);
        List<Problem> problems = problems(http);
        if (!problems.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), problems.get(0).message());
        }
    }

    /**
     * Every problem with these options but the numeric ranges, in a fixed order (so a config file can name each at
     * its line).
     *
     * @param http whether the node serves HTTP
     */
    List<Problem> problems(boolean http) {
        List<Problem> out = new ArrayList<>();
        if (any() && !http) {
            String option = !tables.isEmpty() ? "--records-table" : !collections.isEmpty() ? "--records-collection"
                    : "--events";
            out.add(new Problem(option, null, option + " needs --http HOST:PORT: record endpoints and the event"
                    + " manager are served by the node's HTTP API"));
        }
        if (!events && webhook != null) {
            out.add(new Problem("--events-webhook", null, "--events-webhook needs --events"));
        }
        if (tables.isEmpty() && collections.isEmpty() && endpoint != null) {
            out.add(new Problem("--records-endpoint", null,
                    "--records-endpoint needs --records-table or --records-collection"));
        }
        List<String> names = new ArrayList<>(tables.keySet());
        names.addAll(collections);
        java.util.Set<String> misnamed = new java.util.HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String option = i < tables.size() ? "--records-table" : "--records-collection";
            String entry = i < tables.size() ? name : null;
            try {
                TableStoreConfig.collectionName(name);
            } catch (IllegalArgumentException e) {
                out.add(new Problem(option, entry, "record collection '" + name + "': " + e.getMessage()));
                misnamed.add(name);
            }
            if (names.subList(0, i).contains(name)) {
                out.add(new Problem(option, entry, "record collection '" + name + "' is named twice: each name is"
                        + " one collection"));
            }
        }
        keys.forEach((table, column) -> {
            if (!tables.containsKey(table)) {
                out.add(new Problem("--records-key", table, "--records-key " + table + "=" + column
                        + ": no --records-table " + table
                        + (tables.isEmpty() ? "" : " (the tables are " + String.join(", ", tables.keySet()) + ")")));
            }
        });
        tables.forEach((name, url) -> {
            if (misnamed.contains(name)) {
                return; // said once: the table's name is the collection's
            }
            if (url.isBlank()) {
                out.add(new Problem("--records-table", name, "--records-table " + name + ": no JDBC URL given"
                        + " (jdbc:sqlite:FILE, jdbc:postgresql://HOST/DB or jdbc:mariadb://HOST/DB)"));
                return;
            }
            try {
                TableStoreConfig.of(url, name, "urn:check").checkSqliteFileExists();
            } catch (IllegalArgumentException e) {
                out.add(new Problem("--records-table", name, "--records-table " + name + ": " + e.getMessage()));
                return;
            }
            String key = keys.get(name);
            if (key != null) {
                try {
                    TableStoreConfig.of(url, name, "urn:check").withKey(key);
                } catch (IllegalArgumentException e) {
                    out.add(new Problem("--records-key", name, "--records-key " + name + "=" + key + ": "
                            + e.getMessage()));
                }
            }
        });
        if (endpoint != null) {
            String problem = uriProblem(endpoint, "--records-endpoint");
            if (problem != null) {
                out.add(new Problem("--records-endpoint", null, problem));
            }
        }
        if (webhook != null) {
            String problem = uriProblem(webhook, "--events-webhook");
            String scheme = problem == null ? URI.create(webhook).getScheme().toLowerCase(java.util.Locale.ROOT) : null;
            if (problem == null && !scheme.equals("http") && !scheme.equals("https")) {
                problem = "--events-webhook must be an http:// or https:// URL, not " + webhook;
            }
            if (problem != null) {
                out.add(new Problem("--events-webhook", null, problem));
            }
        }
        return out;
    }

    /** What a stopping node closes of these options' services, in words (none, one or both). */
    List<String> closing() {
        List<String> out = new ArrayList<>();
        if (!tables.isEmpty() || !collections.isEmpty()) {
            out.add("its record collections (their database connections)");
        }
        if (events) {
            out.add("its event manager");
        }
        return out;
    }

    /** The services these options ask for: the record endpoints (opened with the node), the event manager. */
    List<NodeService.Factory> services(Path datadir) {
        List<NodeService.Factory> out = new ArrayList<>();
        if (!tables.isEmpty() || !collections.isEmpty()) {
            Map<String, String> tablesCopy = new LinkedHashMap<>(tables);
            Map<String, String> keysCopy = new LinkedHashMap<>(keys);
            List<String> collectionsCopy = List.copyOf(collections);
            String base = endpoint;
            int p = priority;
            out.add(context -> {
                String replica = base != null ? base : RecordsEndpointFile.readOrCreate(datadir);
                return RecordsService.factory(RecordsConfig.defaults(null),
                        open(context.datadir(), replica, p, tablesCopy, keysCopy, collectionsCopy)).open(context);
            });
        }
        if (events) {
            out.add(EventsService.factory(webhook == null ? null : URI.create(webhook), maxRuns));
        }
        return out;
    }

    /** Opens every collection; on a failure closes those already open and rethrows. */
    private static Map<String, RecordCollection> open(Path datadir, String replica, int priority,
            Map<String, String> tables, Map<String, String> keys, List<String> collections) {
        Map<String, RecordCollection> out = new LinkedHashMap<>();
        try {
            for (String name : collections) {
                RecordStore store = SqliteRecordStore.open(datadir.resolve("records.db"), name,
                        collectionEndpoint(replica, name), priority);
                out.put(name, new RecordCollection(store, Clock.systemUTC()));
                LOG.info("Record collection {} at /records/{}/: kept in {}, endpoint {}", name, name,
                        datadir.resolve("records.db"), store.endpoint());
            }
            for (Map.Entry<String, String> t : tables.entrySet()) {
                TableStoreConfig config = TableStoreConfig.of(t.getValue(), t.getKey(),
                        collectionEndpoint(replica, t.getKey())).withPriority(priority).withKey(keys.get(t.getKey()));
                TableRecordStore store = TableRecordStore.open(config);
                out.put(t.getKey(), new RecordCollection(store, Clock.systemUTC()));
                LOG.info("Record collection {} at /records/{}/: table {} of {}, endpoint {}", t.getKey(), t.getKey(),
                        t.getKey(), config.shownUrl(), store.endpoint());
            }
            return out;
        } catch (RuntimeException e) {
            for (RecordCollection c : out.values()) {
                try {
                    // a table registered by this failed start would refuse the next one's endpoint (a new data
                    // directory, with the endpoint it made, is removed)
                    if (c.store() instanceof TableRecordStore t) {
                        t.forgetIfRegisteredNow();
                    }
                } catch (RuntimeException undo) {
                    e.addSuppressed(undo);
                } finally {
                    c.store().close();
                }
            }
            throw e;
        }
    }

    private static String collectionEndpoint(String replica, String name) {
        return replica.endsWith("/") ? replica + name : replica + "/" + name;
    }

    /** What is wrong with {@code value} as an absolute URI, or null. */
    private static String uriProblem(String value, String option) {
        try {
            URI uri = new URI(value);
            return uri.getScheme() == null ? option + " must be an absolute URI (with a scheme, such as http: or"
                    + " urn:), not " + value : null;
        } catch (URISyntaxException e) {
            return option + " is not a URI: " + e.getReason() + " (" + value + ")";
        }
    }
}
