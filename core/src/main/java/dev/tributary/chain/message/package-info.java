/**
 * Bitcoin's chain messages as records, each with its payload layout drawn in its Javadoc: headers
 * ({@code getheaders}, {@code headers}), inventory ({@code getblocks}, {@code inv}, {@code getdata},
 * {@code notfound}) and data ({@code block}, {@code tx}); {@link dev.tributary.chain.message.ChainMessages}
 * registers them, with Bitcoin Core's limits, into a connection's codec.
 */
package dev.tributary.chain.message;
