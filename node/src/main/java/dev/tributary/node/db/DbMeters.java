package dev.tributary.node.db;

import dev.tributary.sync.replication.DatabaseProgress;
import dev.tributary.sync.replication.DbReplication;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The meters of each replicated database, labelled {@code database} (its address): one set while it is replicated
 * here, removed when it is closed, never one per peer. At each scrape, on the engine thread, {@link #refresh} reads
 * {@link DbReplication#databaseProgress}, registers the meters of databases replicated since the last scrape,
 * removes those of databases closed since, and keeps the values the meters report.
 */
final class DbMeters {
    private final DbReplication replication;
    private final MeterRegistry registry;
    /** By address; engine thread. */
    private final Map<String, Series> series = new HashMap<>();

    /** One database's meters and the values they report, written on the engine thread, read when scraped. */
    private static final class Series {
        final List<Meter> meters = new ArrayList<>();
        volatile DatabaseProgress progress;

        Series(DatabaseProgress progress) {
            this.progress = progress;
        }
    }

    DbMeters(DbReplication replication, MeterRegistry registry) {
        this.replication = replication;
        this.registry = registry;
    }

    /** Engine thread: the replicated databases' meters and values, as of now. */
    void refresh() {
        Set<String> seen = new HashSet<>();
        for (DatabaseProgress p : replication.databaseProgress()) {
            seen.add(p.address());
            Series s = series.get(p.address());
            if (s == null) {
                series.put(p.address(), register(new Series(p)));
            } else {
                s.progress = p;
            }
        }
        series.entrySet().removeIf(e -> {
            if (seen.contains(e.getKey())) {
                return false;
            }
            e.getValue().meters.forEach(registry::remove);
            return true;
        });
    }

    private Series register(Series s) {
        Tags tags = Tags.of("database", s.progress.address());
        s.meters.add(Gauge.builder("tributary.db.entries", s, x -> x.progress.entries())
                .description("entries in the database's log here").tags(tags).register(registry));
        s.meters.add(Gauge.builder("tributary.db.entries.missing", s, x -> x.progress.missing())
                .description("entries known to be missing here: listed by reconciliation with its peers, not yet"
                        + " fetched").tags(tags).register(registry));
        s.meters.add(Gauge.builder("tributary.db.peers", s, x -> x.progress.peers())
                .description("peers replicating the database now").tags(tags).register(registry));
        s.meters.add(Gauge.builder("tributary.db.last.sync.timestamp", s, x -> x.progress.lastSyncMillis() / 1000.0)
                .baseUnit("seconds").description("when the database was last found synced with a peer (seconds"
                        + " since the epoch; 0: never)").tags(tags).register(registry));
        s.meters.add(FunctionCounter.builder("tributary.db.received", s, x -> x.progress.received())
                .description("entries of the database received from peers (fetched or pushed)").tags(tags)
                .register(registry));
        s.meters.add(FunctionCounter.builder("tributary.db.applied", s, x -> x.progress.applied())
                .description("entries of the database from peers stored here (verified and joined)").tags(tags)
                .register(registry));
        return s;
    }
}
