package dev.tributary.node;

/** Where a node keeps its chain. */
public enum StoreKind {
    /** RocksDB in the data directory: the default, survives restarts and crashes. */
    ROCKSDB,
    /** In memory: for tests and benchmarks; lost when the process ends. */
    MEMORY
}
