package dev.tributary.node.db;

import dev.tributary.net.NetConfig;
import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.oplog.db.Database;
import dev.tributary.oplog.identity.LocalIdentity;
import dev.tributary.sync.replication.PeerProgress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** A started node running the database service on loopback (port 0), RocksDB in its directory, for tests. */
final class DbNode implements AutoCloseable {
    final Node node;
    final DbService dbs;
    final LocalIdentity identity;

    private DbNode(Node node, LocalIdentity identity) {
        this.node = node;
        this.dbs = DbService.of(node);
        this.identity = identity;
    }

    static NetConfig net(List<InetSocketAddress> peers) {
        return NetConfig.defaults().withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withConnect(peers).withSeeds(List.of(), false).withTimeouts(5_000, 60_000, 60_000);
    }

    static DbNode start(Path dir, LocalIdentity identity, List<InetSocketAddress> peers) throws IOException {
        Node node = DbService.node(dir, StoreKind.ROCKSDB, net(peers), identity);
        try {
            node.start();
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        return new DbNode(node, identity);
    }

    /**
     * A node on {@code dir} as a restarted node is: its identity the data directory's ({@link IdentityFile}), its
     * store and the databases in it open, its network not started ({@link #startNetwork}), so a test can look at
     * what is stored before anything more arrives.
     */
    static DbNode open(Path dir, List<InetSocketAddress> peers) {
        Node node = DbService.node(dir, StoreKind.ROCKSDB, net(peers));
        return new DbNode(node, DbService.of(node).library().identity());
    }

    /** Starts the network of a node made by {@link #open}: listens, connects to its peers. */
    void startNetwork() throws IOException {
        node.start();
    }

    static LocalIdentity identity(String name) {
        return LocalIdentity.create(name, new SecureRandom());
    }

    InetSocketAddress address() {
        return node.listeningAddress();
    }

    List<PeerProgress> progress(String address) {
        return node.call(() -> dbs.replication().progress(address));
    }

    /** Waits, on the engine thread's timer, until {@code condition} holds; fails naming {@code what}. */
    void until(BooleanSupplier condition, Duration timeout, String what) throws Exception {
        CompletableFuture<Void> met = new CompletableFuture<>();
        node.execute(() -> check(condition, met));
        try {
            met.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            met.cancel(false);
            throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
        }
    }

    private void check(BooleanSupplier condition, CompletableFuture<Void> met) {
        if (met.isDone()) {
            return;
        }
        boolean ok;
        try {
            ok = condition.getAsBoolean();
        } catch (RuntimeException e) {
            met.completeExceptionally(e);
            return;
        }
        if (ok) {
            met.complete(null);
        } else {
            node.engine().schedule(() -> check(condition, met), 20);
        }
    }

    static List<String> heads(Database db) {
        return db.log().headCids().stream().map(Object::toString).sorted().toList();
    }

    @Override
    public void close() {
        node.close();
    }
}
