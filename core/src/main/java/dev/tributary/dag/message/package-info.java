/**
 * The dagtest block-sync messages ({@code inv}, {@code getdata}, {@code notfound} with heights, {@code getblocks}
 * by height, {@code block}), drawn byte by byte in their Javadoc and in {@code docs/dagtest-protocol.md};
 * {@link dev.tributary.dag.message.DagMessages} registers them into a dagtest connection's codec.
 */
package dev.tributary.dag.message;
