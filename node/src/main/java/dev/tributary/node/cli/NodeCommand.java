package dev.tributary.node.cli;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.dag.DagParameters;
import dev.tributary.net.NetConfig;
import dev.tributary.node.Node;
import dev.tributary.node.NodeService;
import dev.tributary.node.chain.ChainService;
import dev.tributary.node.dag.DagService;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.node.chain.SyncMode;
import dev.tributary.node.http.CookieFile;
import dev.tributary.node.http.HttpAccess;
import dev.tributary.node.http.HttpApi;
import dev.tributary.sync.inventory.InventoryConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary node}: runs a node until stopped (Ctrl-C or SIGTERM), logging what it does. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Runs a node: connects to peers, syncs (headers first, or blocks first with --sync-mode blocks),"
                + " serves its chain; with --http, an HTTP API to mine blocks and submit transactions; with"
                + " --records-table or --records-collection, record endpoints for `tributary records sync`.")
final class NodeCommand implements Callable<Integer> {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("dev.tributary.node");
    @Option(names = "--network", paramLabel = "NET",
            description = "mainnet, testnet4, regtest, or dagtest (a BlockDAG, synced blocks-first); repeat it to run"
                    + " several networks in one node, on one port and one store; may be left out by a node that"
                    + " serves only record endpoints or databases")
    List<String> networks = new ArrayList<>();

    @Option(names = "--datadir", required = true, paramLabel = "DIR", converter = DatadirConverter.class,
            description = "where the chain or DAG is stored")
    Path datadir;

    @Mixin
    SyncOptions syncOptions;

    @Mixin
    RecordsOptions records;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "accept inbound peers here (port 0: a free"
            + " port, logged at start); default: none, the node only dials out")
    InetSocketAddress listen;

    @Option(names = "--connect", paramLabel = "HOST:PORT",
            description = "connect only to this peer (repeatable; disables discovery)")
    List<InetSocketAddress> connect = new ArrayList<>();

    @Option(names = "--db-connect", paramLabel = "HOST:PORT",
            description = "dial this node (its --listen address) to replicate the databases both hold, apart from"
                    + " the chain's peers (repeatable)")
    List<InetSocketAddress> dbConnect = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "HOST", description = "extra seed host or HOST:PORT (repeatable)")
    List<String> seeds = new ArrayList<>();

    /** Most outbound connections a node may be asked to keep. */
    static final int MAX_OUTBOUND = 1000;

    @Option(names = "--max-outbound", paramLabel = "N", defaultValue = "5",
            description = "outbound connections to keep, 0.." + MAX_OUTBOUND + " (default: ${DEFAULT-VALUE})")
    int maxOutbound;

    @Option(names = "--max-upload-rate", paramLabel = "BYTES_PER_S", defaultValue = "0",
            description = "upload limit across all peers, 0 for none (default: ${DEFAULT-VALUE})")
    long maxUploadRate;

    @Option(names = "--headers-only", description = "sync headers without downloading blocks (headers mode only)")
    boolean headersOnly;

    @Option(names = "--http", paramLabel = "HOST:PORT",
            description = "serve the HTTP API and the dashboard here (GET /status, /peers, /metrics, /events; POST"
                    + " /mine, /transactions; databases under /db, record collections under /records); a loopback"
                    + " address unless --http-allow-remote; writes need the token in DIR/.cookie; port 0: a free"
                    + " port, logged at start (default: none, no HTTP API)")
    InetSocketAddress http;

    @Option(names = "--http-allow-remote",
            description = "let --http listen on an address other hosts reach (writes still need the token)")
    boolean httpAllowRemote;

    /** Read by {@link NodeConfigFile} before parsing: its keys become options the command line does not give. */
    @Option(names = "--config", paramLabel = "FILE",
            description = "read options from this TOML file (keys are these options without '--'; options on the"
                    + " command line win); see docs/configuration.md")
    Path config;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (records.webhook != null && !records.events) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--events-webhook needs --events");
        }
        if (networks.isEmpty() && !records.any() && listen == null && dbConnect.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--network=NET'"
                    + " (or record endpoints: --records-table, --records-collection, --events; or, for a node of"
                    + " databases alone, --listen or --db-connect)");
        }
        if (new java.util.HashSet<>(networks).size() != networks.size()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "each --network may be given once");
        }
        for (String network : networks) {
            if (!NetworkConverter.isDag(network)) {
                bitcoinNetwork(network);
            }
        }
        OptionChecks.range(spec, "--max-outbound", maxOutbound, 0, MAX_OUTBOUND);
        OptionChecks.range(spec, "--max-upload-rate", maxUploadRate, 0, Long.MAX_VALUE);
        records.check(spec, http != null);
        if (http != null && !httpAllowRemote) {
            try {
                HttpAccess.open().checkBindable(http);
            } catch (IllegalStateException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (http != null) {
            HttpApi.checkFree(http); // before anything is written: a port in use is one line, nothing left behind
        }
        Node.Builder builder = Node.builder(datadir).net(netConfig());
        for (String network : networks) {
            builder.service(network.equals(DagParameters.DAGTEST.name()) ? dagService() : chainService(network));
        }
        builder.service(dev.tributary.node.db.DbService.factory(dbConnect));
        records.services(datadir).forEach(builder::service);
        // every option checked: only now may the data directory be written; a start that fails (a database that
        // cannot be reached, a table that cannot be synced) takes back what it wrote there
        DatadirEntries before = DatadirEntries.of(datadir);
        try {
            if (!networks.isEmpty()) {
                dev.tributary.node.NetworksFile.checkOrRecord(datadir, networks);
            }
            Node node = builder.build();
            node.addPeerListener(new StrangerWarnings(networks));
            runUntilStopped(node, () -> {
                before.keep();
                if (!connect.isEmpty()) {
                    // the peers the user named; a discovered peer that stays silent is dropped without a word
                    HandshakeWaits.of(node.net()).watch(node);
                }
                idleWarning().ifPresent(log::warn);
            });
        } catch (Exception | Error e) {
            before.removeNewUnlessKept();
            throw e;
        }
        return 0;
    }

    private NodeService.Factory dagService() {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        boolean onlyDag = networks.size() == 1;
        if (onlyDag && (headersOnly || (parsed.hasMatchedOption("--sync-mode") && syncOptions.mode != SyncMode.BLOCKS))) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "dagtest syncs blocks first: --sync-mode headers and --headers-only do not apply");
        }
        return DagService.factory(syncOptions.applyStall(InventoryConfig.forDag(DagParameters.DAGTEST)));
    }

    private NodeService.Factory chainService(String network) {
        return ChainService.factory(config(bitcoinNetwork(network)), List.of());
    }

    /**
     * Starts the node and the HTTP API, runs {@code started} once both run, then waits for Ctrl-C or SIGTERM, which
     * close both.
     */
    private void runUntilStopped(Node node, Runnable started) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<HttpApi> api = new java.util.concurrent.atomic.AtomicReference<>();
        // Registered before the node starts, so that a signal as soon as it listens is logged and handled too.
        Thread hook = new Thread(() -> {
            log.info("Stopping: the node was asked to stop (Ctrl-C or a signal); closing {}", closing());
            long start = System.nanoTime();
            HttpApi serving = api.get();
            if (serving != null) {
                serving.close();
                CookieFile.delete(datadir);
            }
            node.close();
            log.info("Stopped in {} ms; the store is closed", (System.nanoTime() - start) / 1_000_000);
            stopped.countDown();
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            node.start();
            api.set(this.http != null ? HttpApi.start(node, this.http, httpAccess()) : null);
            if (api.get() != null && records.events) {
                // as the record collections are logged: where it is, and what a sync gives to report to it
                log.info("Event manager at {}events/ (records sync --events {}events/diagnostics)", api.get().url(),
                        api.get().url());
            }
            started.run();
        } catch (IOException | RuntimeException e) {
            // Nothing runs yet: release the store and the engine, or an in-process caller keeps them forever.
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            node.close();
            throw e;
        }
        stopped.await();
    }

    /**
     * What stopping closes, in words: the peers only of a node that has any to connect to (a chain, a DAG, a listen
     * address or a peer named), the HTTP API, the record collections and the event manager when it serves them.
     */
    String closing() {
        List<String> parts = new ArrayList<>();
        if (!networks.isEmpty() || listen != null || !connect.isEmpty() || !dbConnect.isEmpty()) {
            parts.add("its peers");
        }
        if (http != null) {
            parts.add("its HTTP API");
        }
        parts.addAll(records.closing());
        parts.add("its store");
        return parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    /** Writes need the token written to DIR/.cookie now; remote addresses only with --http-allow-remote. */
    /**
     * The warning of a node that can do nothing, logged once it started: one that dials no peer (none named, and no
     * DNS seed or {@code --seed} to find one, or {@code --max-outbound 0}), listens for none and serves no HTTP API
     * would otherwise run silent until stopped. Empty for a node with something to do.
     */
    java.util.Optional<String> idleWarning() {
        if (listen != null || http != null || !connect.isEmpty() || !dbConnect.isEmpty()) {
            return java.util.Optional.empty();
        }
        String dials;
        if (maxOutbound == 0) {
            dials = "--max-outbound is 0";
        } else if (!seeds.isEmpty() || networks.stream().anyMatch(n -> !NetworkConverter.isDag(n)
                && !bitcoinNetwork(n).dnsSeeds().isEmpty())) {
            return java.util.Optional.empty();
        } else {
            dials = String.join(" and ", networks) + (networks.size() == 1 ? " has" : " have")
                    + " no DNS seeds: give --connect HOST:PORT or --seed HOST";
        }
        return java.util.Optional.of("this node has nothing to do: it dials no peer (" + dials + "), listens for none"
                + " (--listen HOST:PORT) and serves no HTTP API (--http HOST:PORT); it runs until stopped");
    }

    private HttpAccess httpAccess() {
        HttpAccess access = HttpAccess.withToken(CookieFile.create(datadir, new java.security.SecureRandom()));
        return httpAllowRemote ? access.allowingRemote() : access;
    }

    private NetworkParameters bitcoinNetwork(String network) {
        try {
            return NetworkConverter.chain(network, NetworkConverter.ALL);
        } catch (CommandLine.TypeConversionException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--network': " + e.getMessage());
        }
    }

    private NetConfig netConfig() {
        return NetConfig.defaults().withListen(listen).withConnect(connect).withSeeds(seeds, true)
                .withMaxOutbound(maxOutbound).withMaxUploadRate(maxUploadRate);
    }

    private NodeConfig config(NetworkParameters params) {
        NodeConfig config = syncOptions.apply(NodeConfig.of(params, datadir).withNet(netConfig()));
        if (headersOnly && config.mode() == SyncMode.BLOCKS) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--headers-only needs --sync-mode headers: a blocks-first node stores every block");
        }
        return config.withSync(config.sync().withDownloadBlocks(!headersOnly));
    }
}
