package dev.tributary.node.db;

import dev.tributary.net.PeerNetwork;
import dev.tributary.node.NodeService;
import dev.tributary.node.RoutedService;
import dev.tributary.node.ServiceContext;
import dev.tributary.node.ServiceRoutes;
import dev.tributary.oplog.identity.LocalIdentity;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Databases on the node (OrbitDB 4's events, keyvalue and documents, {@link dev.tributary.oplog.db}): kept in the
 * node's store (keyspaces "oplog" and "db"), written as the node's identity ({@link IdentityFile}, in the data
 * directory, created on first start), served by the routes of {@link DbRoutes} under {@code /db}. No peers yet
 * (replication comes later). Requests run on Jetty's threads, never on the engine thread: the databases are
 * thread-safe.
 */
public final class DbService implements RoutedService {
    /** The service's name, and the prefix of its routes ({@code GET /db/databases}). */
    public static final String NAME = "db";

    private final NodeDatabases databases;
    private final DbRoutes routes;

    private DbService(NodeDatabases databases) {
        this.databases = databases;
        this.routes = new DbRoutes(databases);
    }

    /** The service with the identity kept in the node's data directory (a new one in memory for an in-memory node). */
    public static NodeService.Factory factory() {
        return context -> new DbService(NodeDatabases.on(context.store(), identity(context)));
    }

    /** The service writing as {@code identity} (tests). */
    public static NodeService.Factory factory(LocalIdentity identity) {
        return context -> new DbService(NodeDatabases.on(context.store(), identity));
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
        return List.of();
    }

    /** {@code {"identity": id, "databases": n}}. */
    @Override
    public Object status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("identity", databases.identityId());
        out.put("databases", databases.databases().list().size());
        return out;
    }

    /** {@code tributary_db_databases}: the databases the node keeps. */
    @Override
    public void meters(dev.tributary.node.ServiceMeters meters) {
        meters.engineGauge("tributary.db.databases", "databases the node keeps", null,
                io.micrometer.core.instrument.Tags.empty(), () -> databases.databases().list().size());
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
