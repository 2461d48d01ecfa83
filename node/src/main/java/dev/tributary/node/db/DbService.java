package dev.tributary.node.db;

import dev.tributary.net.NetConfig;
import dev.tributary.net.PeerNetwork;
import dev.tributary.node.Node;
import dev.tributary.node.NodeService;
import dev.tributary.node.RoutedService;
import dev.tributary.node.StoreKind;
import dev.tributary.node.ServiceContext;
import dev.tributary.node.ServiceRoutes;
import dev.tributary.oplog.db.Database;
import dev.tributary.oplog.db.DatabaseInfo;
import dev.tributary.oplog.db.Databases;
import dev.tributary.oplog.identity.LocalIdentity;
import dev.tributary.sync.replication.DbReplication;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Databases on the node (OrbitDB 4's events, keyvalue and documents, {@link dev.tributary.oplog.db}): kept in the
 * node's store (keyspaces "oplog" and "db"), written as the node's identity ({@link IdentityFile}, in the data
 * directory, created on first start), served by the routes of {@link DbRoutes} under {@code /db}, and replicated
 * with peers on the {@code tribdb} network ({@link DbReplication}): every database the node holds, or opens, is
 * replicated with the peers that replicate it too. Requests run on Jetty's threads, never on the engine thread:
 * the databases are thread-safe.
 *
 * <p>The library entry point (see {@code docs/db-replication.md}):
 * <pre>{@code
 * Node node = DbService.node(dir, StoreKind.ROCKSDB, NetConfig.defaults().withListen(addr).withConnect(peers));
 * node.start();
 * DbService dbs = DbService.of(node);
 * KeyValue kv = dbs.replicate(dbs.library().keyValue("settings")); // written here, pushed to peers
 * Database copy = dbs.open("/orbitdb/zdpu...").get(); // elsewhere: opened from a peer by its address
 * dbs.replication().whenSynced(copy.address()).get(); // holds everything a peer announced
 * }</pre>
 */
public final class DbService implements RoutedService {
    /** The service's name, and the prefix of its routes ({@code GET /db/databases}). */
    public static final String NAME = "db";

    private final NodeDatabases databases;
    private final DbRoutes routes;
    /** Databases listed in the status (and so on the dashboard). */
    static final int STATUS_DATABASES = 50;
    private final DbReplication replication;
    private final PeerNetwork network;

    private DbService(ServiceContext context, LocalIdentity identity, boolean dial) {
        this(context, identity, dial ? context.net() : dialOnly(context.net(), List.of()));
    }

    /** {@code net} dialling {@code peers} alone: no seeds, no discovery, one outbound connection each. */
    private static NetConfig dialOnly(NetConfig net, List<java.net.InetSocketAddress> peers) {
        return net.withConnect(peers).withSeeds(List.of(), false).withMaxOutbound(peers.size());
    }

    private DbService(ServiceContext context, LocalIdentity identity, NetConfig net) {
        this.databases = NodeDatabases.on(context.store(), identity);
        this.replication = new DbReplication(databases.databases(), context.engine());
        this.network = replication.network(net, new Random(context.random().nextLong()));
        this.databases.onOpen(replication::replicate);
        this.routes = new DbRoutes(databases, address -> context.calls().call(() -> replicationState(address)),
                replication);
        for (DatabaseInfo d : databases.databases().list()) {
            databases.find(d.address());
        }
    }

    /** Engine thread: {@code {address, entries, heads, peers: [progress...]}}. */
    private Object replicationState(String address) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("address", address);
        Database db = databases.databases().get(address).orElse(null);
        out.put("entries", db == null ? 0 : db.size());
        out.put("heads", db == null ? List.of() : db.log().headCids().stream().map(Object::toString).toList());
        out.put("replicated", replication.isReplicated(address));
        out.put("peers", replication.progress(address));
        return out;
    }

    /**
     * The service with the identity kept in the node's data directory (a new one in memory for an in-memory node),
     * replicating with the peers that connect to it: it dials none, since the node's connect list names the peers
     * of its chain (which need not speak {@code tribdb}).
     */
    public static NodeService.Factory factory() {
        return context -> new DbService(context, identity(context), false);
    }

    /**
     * As {@link #factory()}, and dialling {@code peers}, nodes of databases ({@code tribdb}) named apart from the
     * node's connect list (which names its chain's peers): {@code tributary node --db-connect}. Each is kept
     * connected (redialled when it goes away); the databases both hold are replicated.
     */
    public static NodeService.Factory factory(List<java.net.InetSocketAddress> peers) {
        List<java.net.InetSocketAddress> dial = List.copyOf(peers);
        return context -> new DbService(context, identity(context), dialOnly(context.net(), dial));
    }

    /** The service writing as {@code identity}, dialling the node's connect list (a node of databases alone). */
    public static NodeService.Factory factory(LocalIdentity identity) {
        return context -> new DbService(context, identity, true);
    }

    /** The service with the data directory's identity, dialling the node's connect list. */
    static NodeService.Factory dialling() {
        return context -> new DbService(context, identity(context), true);
    }

    /**
     * A node running the database service alone: its store in {@code datadir} (RocksDB or memory), {@code net}'s
     * network settings (listen address, peers to connect to). Opens the store and every database in it, without
     * starting the network ({@link Node#start}).
     */
    public static Node node(Path datadir, StoreKind kind, NetConfig net) {
        return Node.builder(datadir).storeKind(kind).net(net).service(dialling()).build();
    }

    /** {@link #node} writing as {@code identity}. */
    public static Node node(Path datadir, StoreKind kind, NetConfig net, LocalIdentity identity) {
        return Node.builder(datadir).storeKind(kind).net(net).service(factory(identity)).build();
    }

    /** The database service of {@code node}. */
    public static DbService of(Node node) {
        return node.service(DbService.class);
    }

    /** The databases as the library gives them ({@link Databases}): open, write, read, listen. */
    public Databases library() {
        return databases.databases();
    }

    /** Replication with peers: progress, {@code synced}, opening by address from a peer. */
    public DbReplication replication() {
        return replication;
    }

    /** Replicates {@code db} (opened through {@link #library()}) with the peers that replicate it too. Any thread. */
    public <D extends Database> D replicate(D db) {
        replication.replicate(db);
        return db;
    }

    /**
     * Opens the database at {@code address}, from this store or else from a peer that replicates it, and replicates
     * it. Completes when it is open; {@code replication().whenSynced(address)} tells when it holds what a peer has.
     * Any thread.
     */
    public java.util.concurrent.CompletableFuture<Database> open(String address) {
        return replication.open(address);
    }

    /**
     * Stops replicating the database at {@code address} and closes its handle (its data stays in the store; opening
     * it again replicates it again). Completes when done, also when it was not open. Any thread.
     */
    public java.util.concurrent.CompletableFuture<Void> close(String address) {
        return replication.close(address);
    }

    private static LocalIdentity identity(ServiceContext context) {
        if (!context.durable() || context.datadir() == null) {
            return LocalIdentity.create("tributary", new SecureRandom());
        }
        return IdentityFile.loadOrCreate(context.datadir(), new SecureRandom());
    }

    public NodeDatabases databases() {
        return databases;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<PeerNetwork> networks() {
        return List.of(network);
    }

    /**
     * {@code {"identity": id, "databases": n, "replicated": n, "list": [...]}}: the first {@value #STATUS_DATABASES}
     * databases, each with its address, name, type, entries, whether it is replicated, and where replication stands
     * with each peer ({@link dev.tributary.sync.replication.PeerProgress}). Engine thread.
     */
    @Override
    public Object status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("identity", databases.identityId());
        out.put("databases", databases.databases().list().size());
        out.put("replicated", replication.replicated().size());
        List<Map<String, Object>> list = new ArrayList<>();
        for (DatabaseInfo d : databases.databases().list()) {
            if (list.size() == STATUS_DATABASES) {
                break;
            }
            Map<String, Object> db = new LinkedHashMap<>();
            db.put("address", d.address());
            db.put("name", d.name());
            db.put("type", d.type().toString());
            db.put("entries", d.entries());
            db.put("replicated", replication.isReplicated(d.address()));
            db.put("peers", replication.progress(d.address()));
            list.add(db);
        }
        out.put("list", list);
        return out;
    }

    /**
     * {@code tributary_db_databases}: the databases the node keeps; per replicated database (label {@code database},
     * its address; removed when it is closed, see {@link DbMeters}): {@code tributary_db_entries},
     * {@code tributary_db_entries_missing}, {@code tributary_db_peers},
     * {@code tributary_db_last_sync_timestamp_seconds}, {@code tributary_db_received_total} and
     * {@code tributary_db_applied_total}.
     */
    @Override
    public void meters(dev.tributary.node.ServiceMeters meters) {
        meters.engineGauge("tributary.db.databases", "databases the node keeps", null,
                io.micrometer.core.instrument.Tags.empty(), () -> databases.databases().list().size());
        meters.onScrape(new DbMeters(replication, meters.registry())::refresh);
    }

    @Override
    public void routes(ServiceRoutes routes) {
        this.routes.register(routes);
    }

    @Override
    public void close() {
        routes.close();
        databases.close();
    }
}
