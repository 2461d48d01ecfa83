package dev.tributary.node;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.function.DoubleSupplier;

/**
 * Where a {@link NodeService} registers its meters, served by {@code GET /metrics} in Prometheus's text format.
 * Names are Micrometer's dotted names starting {@code tributary.SERVICE_KIND.}; Prometheus sees them with
 * underscores, a unit suffix from the base unit and {@code _total} on counters
 * ({@code tributary.chain.blocks.stored} counter: {@code tributary_chain_blocks_stored_total}).
 *
 * <p>Labels (tags) must take few values whatever peers do: a network name, a configured collection, never a peer's
 * address or anything a peer chooses.
 *
 * <p>Engine state is read on the engine thread only: {@link #engineGauge} and {@link #engineCounter} take a value
 * that the node reads there, all of them in one engine task per scrape; what is thread-safe may use
 * {@link #registry()} directly.
 */
public interface ServiceMeters {

    /** The node's registry, for meters whose values are thread-safe (counters a service increments, ...). */
    MeterRegistry registry();

    /** A gauge whose {@code value} is read on the engine thread at each scrape. */
    void engineGauge(String name, String description, String baseUnit, Tags tags, DoubleSupplier value);

    /** A counter (a value that only grows) whose {@code value} is read on the engine thread at each scrape. */
    void engineCounter(String name, String description, String baseUnit, Tags tags, DoubleSupplier value);

    /**
     * Runs {@code task} on the engine thread at each scrape, before the registry is read: for meters that come and
     * go with what they measure (a database while it is open), which {@code task} registers in {@link #registry()}
     * or removes from it, and whose values it reads. A task that fails leaves the previous scrape's meters.
     */
    void onScrape(Runnable task);
}
