package dev.tributary.node.cli;

import dev.tributary.net.NetConfig;
import dev.tributary.net.Peer;
import dev.tributary.net.PeerListener;
import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.node.db.DbService;
import dev.tributary.oplog.db.Database;
import dev.tributary.oplog.db.Documents;
import dev.tributary.oplog.manifest.DatabaseAddress;
import dev.tributary.sync.replication.PeerProgress;
import dev.tributary.sync.replication.ReplicationListener;
import dev.tributary.store.StoreException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary db sync DB --peer HOST:PORT --datadir DIR}: fetches into a stopped node's data directory what a
 * running node (its {@code --listen} address, where it accepts replication peers) holds of a database, over the
 * {@code tribdb} protocol, until the database here holds every head the peer announced. Progress on standard error
 * (a bar on a terminal, lines otherwise: entries applied of those the peer listed so far, a total that grows as
 * reconciliation lists more and never shrinks until the end); the report of what was fetched and applied on standard
 * output. A peer that cannot be reached, that does not hold the database, or that stops sending for {@code --timeout}
 * seconds fails the command (exit code 1) with what was applied so far kept: running it again resumes.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Fetches a database from a running node (its --listen address) into a stopped node's data"
                + " directory until it holds everything the node has; shows progress, then prints what it did.")
final class DbSyncCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DB", description = "the database's address (/orbitdb/..., or the CID after"
            + " /orbitdb/), or its name when DIR holds it already")
    String ref;

    @Option(names = "--peer", required = true, paramLabel = "HOST:PORT",
            description = "the running node's --listen address (not its --http address)")
    InetSocketAddress peer;

    @Option(names = "--datadir", required = true, paramLabel = "DIR", converter = DatadirConverter.class,
            description = "the stopped node's data directory (created if missing)")
    Path datadir;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "S",
            description = "fail when the peer sends nothing for S seconds, 1..3600 (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * How long the peer may list its open databases without this one before the sync gives up (it may be opening it
     * just then); the {@code --timeout} when shorter.
     */
    static final long UNLISTED_SECONDS = 3;

    /** Entries fetched and applied here so far, for the line a Ctrl-C prints. */
    private volatile long applied;

    @Override
    public Integer call() throws Exception {
        OptionChecks.range(spec, "--timeout", timeoutSeconds, 1, 3600);
        if (ref.startsWith("/")) {
            try {
                DatabaseAddress.parse(ref);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        Logging.quietPeers();
        DatadirEntries before = DatadirEntries.of(datadir);
        try {
            return InterruptNotice.during(() -> "db sync stopped: " + datadir + " keeps the " + entries(applied)
                    + " applied so far; run the same command again to fetch the rest", () -> sync(before));
        } finally {
            before.removeNewUnlessKept();
        }
    }

    /** Syncs; {@code created} is kept once the database is open here, so that what is applied stays on a failure. */
    private int sync(DatadirEntries created) throws Exception {
        String at = peer.getHostString() + ":" + peer.getPort();
        NetConfig net = NetConfig.defaults().withConnect(List.of(peer)).withSeeds(List.of(), false);
        try (Node node = openNode(net)) {
            DbService dbs = DbService.of(node);
            String address = ref.startsWith("/") ? ref
                    : DatabaseAddress.isValid(DatabaseAddress.PREFIX + ref) ? DatabaseAddress.PREFIX + ref // its CID
                    : known(dbs);
            PeerWatch reach = new PeerWatch();
            node.addPeerListener(reach);
            ListedWatch listed = new ListedWatch(address, System::nanoTime);
            var listing = dbs.replication().addListener(listed);
            node.start();
            Database db;
            try {
                db = opened(dbs.open(address), reach, listed, at, address);
            } finally {
                listing.cancel();
            }
            created.keep(); // from here on, what arrives stays: a failure or Ctrl-C leaves it to resume from
            AtomicLong lastChange = new AtomicLong(System.nanoTime());
            AtomicReference<PeerProgress> last = new AtomicReference<>();
            AtomicLong total = new AtomicLong(Progress.UNKNOWN);
            try (Progress.Bar bar = Progress.bar("db sync " + db.name(), Progress.UNKNOWN, " entries")) {
                var listening = dbs.replication().addListener(new ReplicationListener() {
                    @Override
                    public void progress(PeerProgress p) {
                        if (p.address().equals(address)) {
                            last.set(p);
                            lastChange.set(System.nanoTime());
                            bar.maxHint(total.updateAndGet(shown -> total(shown, p)));
                            bar.stepTo(p.applied());
                            applied = p.applied();
                        }
                    }
                });
                try {
                    PeerProgress done = synced(dbs.replication().whenSynced(address), reach, lastChange, at, address);
                    bar.maxHint(done.applied()); // synced: all there was to fetch
                    bar.stepTo(done.applied());
                    last.set(done);
                } finally {
                    listening.cancel();
                }
            }
            if (db instanceof Documents docs) {
                dbs.databases().learnIndexBy(docs); // the peer's index field, which no manifest names
            }
            PeerProgress p = last.get();
            long now = node.call(db::size);
            // what was here before: not db.size() once open, which the first fetched batches may already have raised
            long before = Math.max(0, now - p.applied());
            PrintWriter out = spec.commandLine().getOut();
            out.println("synced " + address + " (" + db.type() + " '" + db.name() + "') from " + at + ": "
                    + entries(p.applied()) + " fetched and applied, "
                    + entries(now) + " here now (" + before + " before), "
                    + Plural.of(p.roundTrips(), "round trip") + " to reconcile");
            out.flush();
            return 0;
        }
    }

    /**
     * The bar's total after {@code p}, when it showed {@code shown}: the entries the peer has listed so far (those
     * fetched and those known to be missing), which grows as reconciliation lists more, round by round, but never less
     * than the bar showed. An entry the peer turns out not to have, or a list dropped with a session, takes a few off
     * the listed count, and a total that shrinks and grows again looks like a fault. Once synced, the total is what
     * was applied.
     */
    static long total(long shown, PeerProgress p) {
        return Math.max(shown, p.fetched() + p.missing());
    }

    /** The address of the database named {@link #ref} here; a name not here is to be given as an address. */
    private String known(DbService dbs) {
        try {
            return dbs.databases().find(ref).address();
        } catch (RuntimeException e) {
            if (dbs.databases().databases().list().stream().noneMatch(d -> d.name().equals(ref))) {
                throw new IllegalStateException("no database named '" + ref + "' in " + datadir + ": to fetch one"
                        + " from the node, give its address (/orbitdb/..., as db info or GET /db/databases/{db} on"
                        + " that node shows it)", e);
            }
            throw e;
        }
    }

    /** What a failure leaves here, after {@code applied} entries were applied: for the end of its line. */
    private static String kept(long applied) {
        return applied == 0 ? "; nothing was applied here: run the same command again once it can answer"
                : ", with " + entries(applied) + " applied here; they are kept: run the same command again to fetch"
                        + " the rest";
    }

    private static String entries(long n) {
        return n == 1 ? "1 entry" : n + " entries";
    }

    private Node openNode(NetConfig net) {
        try {
            return DbService.node(datadir, StoreKind.ROCKSDB, net);
        } catch (StoreException e) {
            if (e.isInUse()) {
                throw new IllegalStateException("datadir " + datadir + " is in use by a running node: db sync fills a"
                        + " stopped node's data directory (a running node replicates with the peers that connect to"
                        + " it)", e);
            }
            throw e;
        }
    }

    /** The database, once opened here or fetched from the peer; fails in the user's terms when it is not. */
    private Database opened(CompletableFuture<Database> open, PeerWatch reach, ListedWatch listed, String at,
            String address) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long unlistedGrace = TimeUnit.SECONDS.toNanos(Math.min(UNLISTED_SECONDS, timeoutSeconds));
        while (true) {
            try {
                return open.get(100, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException(UserErrors.describe(e), e);
            } catch (TimeoutException e) {
                reach.check(at, applied);
                if (listed.unlistedFor(unlistedGrace)) {
                    throw new IllegalStateException("the node at " + at + " does not hold " + address + ": the"
                            + " databases it lists as open (every one it holds) do not include it; db list on that"
                            + " node shows the addresses it holds");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(reach.ready
                            ? "the node at " + at + " does not hold " + address + " (it sent nothing of it in "
                                    + timeoutSeconds + " s)"
                            : "the node at " + at + " did not complete a handshake in " + timeoutSeconds + " s (is "
                                    + at + " a Tributary node's --listen address?)");
                }
            }
        }
    }

    /** The peer's progress once synced; fails when the peer goes away or sends nothing for the timeout. */
    private PeerProgress synced(CompletableFuture<PeerProgress> synced, PeerWatch reach, AtomicLong lastChange,
            String at, String address) throws Exception {
        while (true) {
            try {
                return synced.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                reach.check(at, applied);
                if (System.nanoTime() - lastChange.get() > TimeUnit.SECONDS.toNanos(timeoutSeconds)) {
                    throw new IllegalStateException("the node at " + at + " sent nothing of " + address + " for "
                            + timeoutSeconds + " s" + kept(applied));
                }
            }
        }
    }

    /** Whether the peer was reached, and why it was not, or left. */
    private static final class PeerWatch implements PeerListener {
        volatile boolean ready;
        volatile String failure;

        @Override
        public void onPeerReady(Peer peer) {
            ready = true;
            failure = null;
        }

        @Override
        public void onPeerGone(Peer peer, String reason) {
            ready = false;
            failure = "the node at %s went away (" + reason + ")%n";
        }

        @Override
        public void onConnectFailed(InetSocketAddress address, String reason) {
            if (ready) {
                return;
            }
            if (reason.contains(dev.tributary.wire.WireError.Kind.BAD_MAGIC.words())) {
                // an HTTP server (the node's --http address, most often) or another network's peer
                failure = "%s answered, but not as a Tributary node's --listen address does (it does not speak the"
                        + " peer protocol; the node's --http address, perhaps?)";
            } else {
                failure = "cannot reach a node at %s (" + reason + "): is it running, and is %s its --listen"
                        + " address?";
            }
        }

        /** Fails with what became of the peer at {@code at}, if anything did, {@code applied} entries applied. */
        void check(String at, long applied) {
            String f = failure;
            if (f != null) {
                throw new IllegalStateException(f.replace("%s", at).replace("%n", kept(applied)));
            }
        }
    }
}
