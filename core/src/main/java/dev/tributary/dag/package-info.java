/**
 * The BlockDAG of the {@code dagtest} network (soterd's model, SPEC.md section 2): blocks that name up to
 * eight parents, heights (1 + the highest parent's), tips (blocks without children), the DAG state that
 * nodes compare, and a canonical order of all blocks (by height, then hash) that answers getblocks by
 * height and reconciliation's pages after a (height, hash) cursor; cumulative digests by height, which a
 * {@link dev.tributary.dag.DagLocator} samples to find where two DAGs differ.
 *
 * <ul>
 *   <li>Formats: {@link dev.tributary.dag.DagHeader}, {@link dev.tributary.dag.DagBlock}, and the dagtest
 *       messages gathered by {@link dev.tributary.dag.message.DagMessages}; {@code docs/dagtest-protocol.md} draws
 *       them byte by byte.</li>
 *   <li>Rules: {@link dev.tributary.dag.DagParameters}, {@link dev.tributary.dag.DagValidator} returning
 *       {@code Verdict<DagRejectReason>}s (accepted, orphan, or rejected with a
 *       {@link dev.tributary.dag.DagRejectReason}).</li>
 *   <li>State: {@link dev.tributary.dag.DagIndex} (the graph in memory), {@link dev.tributary.dag.store.DagStore}
 *       (the same on a {@code KeyValueStore}), {@link dev.tributary.dag.DagMiner}.</li>
 * </ul>
 *
 * <p>Depends only on {@code dev.tributary.bytes}, {@code dev.tributary.wire}, {@code dev.tributary.store} and
 * {@code dev.tributary.chain} (whose transactions dagtest blocks carry).
 * {@link dev.tributary.dag.DagIndex} belongs to the engine thread and is not thread-safe; everything else is
 * immutable or stateless, except {@link dev.tributary.dag.store.DagStore}, which is as thread-safe as its store.
 */
package dev.tributary.dag;

import dev.tributary.validation.Verdict;
