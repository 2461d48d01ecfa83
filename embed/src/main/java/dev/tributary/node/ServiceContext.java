package dev.tributary.node;

import dev.tributary.engine.Scheduler;
import dev.tributary.net.NetConfig;
import dev.tributary.store.KeyValueStore;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The shared parts of a {@link Node} a {@link NodeService} is made from.
 *
 * @param engine  the node's engine thread (or a test's manual scheduler): everything stateful runs there
 * @param calls   runs a query on the engine and waits for its answer, from any thread
 * @param store   the node's store: a service keeps its state in keyspaces of its own ({@code store.keyspace(name)})
 * @param durable whether the store survives the process (RocksDB), so a service may keep writes behind the engine
 * @param net     the node's network settings, which a service's networks start from
 * @param random  the node's randomness (seeded in a simulation): a service derives its own from it
 * @param datadir the node's data directory
 * @param existingKeyspaces the store's keyspaces when the node opened it, before any service did
 */
public record ServiceContext(Scheduler engine, EngineCalls calls, KeyValueStore store, boolean durable,
        NetConfig net, Random random, Path datadir, java.util.List<String> existingKeyspaces) {

    /** Runs queries on the engine thread from other threads. */
    @FunctionalInterface
    public interface EngineCalls {
        /** Runs {@code query} on the engine thread and returns its result; fails when the engine does not answer. */
        <T> T call(Supplier<T> query);
    }
}
