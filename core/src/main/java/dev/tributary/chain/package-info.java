/**
 * The chain: Bitcoin's data model (blocks, headers, transactions, Merkle trees), network parameters, compact
 * targets and the difficulty rule, header and block validation, and the block index (every known valid header with its height and chain work, the best tip, locators
 * and reorganisations).
 *
 * <p>Validation returns data ({@code Verdict<RejectReason>}, {@code Verdict<BlockRejectReason>} of {@link dev.tributary.validation.Verdict})
 * with Bitcoin Core's reject reasons and misbehaviour scores; nothing here throws for bad peer input. The
 * rules and constants follow Bitcoin Core ({@code pow.cpp}, {@code validation.cpp}, {@code chainparams.cpp});
 * each class names the Core function it mirrors.
 *
 * <p>Depends only on {@code dev.tributary.bytes}, {@code dev.tributary.wire}, {@code dev.tributary.store} and
 * {@code dev.tributary.engine}. The mutable classes
 * ({@link dev.tributary.chain.BlockIndex}, {@link dev.tributary.chain.HeaderChainAttacher}) belong to the
 * engine thread and are not thread-safe; everything else is immutable or stateless.
 */
package dev.tributary.chain;

import dev.tributary.validation.Verdict;
