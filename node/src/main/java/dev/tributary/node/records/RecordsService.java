package dev.tributary.node.records;

import dev.tributary.net.PeerNetwork;
import dev.tributary.node.NodeService;
import dev.tributary.node.RoutedService;
import dev.tributary.node.ServiceRoutes;
import dev.tributary.records.DigestEntry;
import dev.tributary.records.RecordCollection;
import dev.tributary.store.StoreException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Record endpoints on the node's HTTP server (SData 2.0 synchronization, SPEC.md section 3): for each collection
 * (a resource kind such as {@code accounts}), the provider URLs {@code $syncDigest}, {@code $syncSource},
 * {@code $syncTarget} and {@code $syncResults} ({@link RecordsRoutes}). The collections are thread-safe and not
 * engine state: requests work on Jetty's threads, never on the engine thread. The service has no peers.
 */
public final class RecordsService implements RoutedService {
    /** The service's name, and so the prefix of its routes: {@code /records/accounts/$syncDigest}. */
    public static final String NAME = "records";

    private final RecordsConfig config;
    private final Map<String, RecordCollection> collections;
    private final Map<String, RecordsRoutes.Contexts> contexts = new LinkedHashMap<>();

    private RecordsService(RecordsConfig config, Map<String, RecordCollection> collections) {
        this.config = config;
        this.collections = Map.copyOf(collections);
        for (String kind : collections.keySet()) {
            contexts.put(kind, new RecordsRoutes.Contexts(config.maxContexts(),
                    new DigestWatch(kind, collections.get(kind))));
        }
    }

    /** A factory of the service serving {@code collections} by resource kind. */
    public static NodeService.Factory factory(RecordsConfig config, Map<String, RecordCollection> collections) {
        Objects.requireNonNull(config, "config");
        Map<String, RecordCollection> copy = new LinkedHashMap<>(collections);
        return context -> new RecordsService(config, copy);
    }

    /**
     * A factory of the service keeping each collection in the embedded default store: the SQLite file
     * {@code DATADIR/records.db}, opened when the node opens the service. {@code endpoints} maps each resource kind to
     * its endpoint URI (stable and unique among the replicas), all with conflict priority {@code priority}.
     */
    public static NodeService.Factory sqlite(RecordsConfig config, Map<String, String> endpoints, int priority) {
        Map<String, String> copy = new LinkedHashMap<>(endpoints);
        return context -> {
            try {
                java.nio.file.Files.createDirectories(context.datadir());
            } catch (java.io.IOException e) {
                throw new dev.tributary.store.StoreException("cannot create the data directory " + context.datadir()
                        + ": " + e.getMessage(), e);
            }
            Map<String, RecordCollection> collections = new LinkedHashMap<>();
            copy.forEach((kind, endpoint) -> collections.put(kind, new RecordCollection(SqliteRecordStore.open(
                    context.datadir().resolve("records.db"), kind, endpoint, priority), java.time.Clock.systemUTC())));
            return new RecordsService(config, collections);
        };
    }

    /** The records service of {@code node}. */
    public static RecordsService of(dev.tributary.node.Node node) {
        return node.service(RecordsService.class);
    }

    /** The collection served as {@code kind}. */
    public RecordCollection collection(String kind) {
        RecordCollection c = collections.get(kind);
        if (c == null) {
            throw new IllegalArgumentException("no collection " + kind + " (collections: " + collections.keySet() + ")");
        }
        return c;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<PeerNetwork> networks() {
        return List.of();
    }

    /**
     * Per collection: its endpoint, live records ({@code records}) and tombstones, digest ticks, and what its sync routes did since the node
     * started (pages and entries served and applied, conflicts, when each last happened). A collection whose
     * database fails (down, or its table or side tables dropped while the node runs) shows {@code "error"} in place
     * of its counts: the node's {@code GET /status} still answers, for its other parts and as a sign of life.
     */
    @Override
    public Object status() {
        Map<String, Object> out = new LinkedHashMap<>();
        collections.forEach((kind, c) -> {
            Map<String, Object> section = new LinkedHashMap<>();
            section.put("endpoint", c.endpoint());
            try {
                List<Map<String, Object>> digest = new ArrayList<>();
                for (DigestEntry e : c.digest().entries()) {
                    digest.add(Map.of("endpoint", e.endpoint(), "tick", e.tick(), "conflictPriority",
                            e.conflictPriority()));
                }
                long records = c.store().countLive(dev.tributary.records.KeyRange.ALL);
                long tombstones = c.store().tombstones();
                section.put("records", records);
                section.put("tombstones", tombstones);
                section.put("digest", digest);
            } catch (StoreException e) {
                section.put("error", e.getMessage());
            }
            section.putAll(contexts.get(kind).activity.status());
            out.put(kind, section);
        });
        return Map.of("collections", out);
    }

    /**
     * Per collection (its resource kind, a label of few values as the collections are configured):
     * {@code tributary_records_records} (live records), {@code tributary_records_tombstones},
     * {@code tributary_records_tick} (the collection's own tick in its digest,
     * which grows with every local change), {@code tributary_records_applied_total},
     * {@code tributary_records_served_total}, {@code tributary_records_conflicts_total} (entries),
     * {@code tributary_records_changes_missing} (what the last source that sent a page holds beyond the collection)
     * and
     * {@code tributary_records_last_sync_timestamp_seconds} (when a page was last served or applied; 0:
     * never). The collections are thread-safe: read on the scraping thread.
     */
    @Override
    public void meters(dev.tributary.node.ServiceMeters meters) {
        collections.forEach((kind, c) -> {
            io.micrometer.core.instrument.Tags tags = io.micrometer.core.instrument.Tags.of("collection", kind);
            io.micrometer.core.instrument.Gauge.builder("tributary.records.records", c,
                    x -> x.store().countLive(dev.tributary.records.KeyRange.ALL))
                    .description("live records in the collection (tombstones left out)").tags(tags)
                    .register(meters.registry());
            io.micrometer.core.instrument.Gauge.builder("tributary.records.tombstones", c, x -> x.store().tombstones())
                    .description("tombstones the collection keeps (records of deleted rows)").tags(tags)
                    .register(meters.registry());
            io.micrometer.core.instrument.Gauge.builder("tributary.records.tick", c, RecordsService::ownTick)
                    .description("the collection's own tick: grows with each local change").tags(tags)
                    .register(meters.registry());
            CollectionActivity a = contexts.get(kind).activity;
            io.micrometer.core.instrument.FunctionCounter.builder("tributary.records.applied", a,
                    CollectionActivity::entriesApplied).description("entries applied to the collection as a target")
                    .tags(tags).register(meters.registry());
            io.micrometer.core.instrument.FunctionCounter.builder("tributary.records.served", a,
                    CollectionActivity::entriesServed).description("entries served from the collection as a source")
                    .tags(tags).register(meters.registry());
            io.micrometer.core.instrument.FunctionCounter.builder("tributary.records.conflicts", a,
                    CollectionActivity::conflicts).description("conflicts met applying pages to the collection")
                    .tags(tags).register(meters.registry());
            io.micrometer.core.instrument.Gauge.builder("tributary.records.changes.missing", a,
                    CollectionActivity::missing).description("changes the last source that sent the collection a page"
                            + " holds beyond it, in ticks (an upper bound of the entries still to come; 0 once a pass ended)")
                    .tags(tags).register(meters.registry());
            io.micrometer.core.instrument.Gauge.builder("tributary.records.last.sync.timestamp", a,
                    CollectionActivity::lastSyncEpochSeconds).baseUnit("seconds")
                    .description("when a page was last served or applied (seconds since the epoch; 0: never)")
                    .tags(tags).register(meters.registry());
        });
    }

    private static double ownTick(RecordCollection c) {
        for (DigestEntry e : c.digest().entries()) {
            if (e.endpoint().equals(c.endpoint())) {
                return e.tick();
            }
        }
        return 0;
    }

    @Override
    public void routes(ServiceRoutes routes) {
        collections.forEach((kind, c) -> new RecordsRoutes(kind, c, config, contexts.get(kind)).register(routes));
        RecordsRoutes.registerUnknown(routes, collections.keySet()); // after the collections' own: they match first
    }

    @Override
    public void close() {
        contexts.values().forEach(c -> c.watch.close());
        collections.values().forEach(c -> c.store().close());
    }
}
