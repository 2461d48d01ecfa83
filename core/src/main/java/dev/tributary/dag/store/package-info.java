/**
 * A DAG's storage: {@link dev.tributary.dag.store.DagStore}, one atomic batch per block on a {@code KeyValueStore}
 * (a node's {@code dagtest} keyspace), loaded in one scan of the headers.
 */
package dev.tributary.dag.store;
