package dev.tributary.node.chain;

import dev.tributary.node.StoreKind;
import dev.tributary.node.StoreMiner;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.chain.store.ChainState;
import dev.tributary.chain.Block;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Mines blocks on the block tip of a stopped Bitcoin-style node's chain (regtest): the i-th of n blocks is stamped
 * n - 1 - i seconds before the clock (or just after the median time past, where that is later), so even a million
 * blocks end at the clock instead of hours ahead of it. Each block is made by
 * {@link BlockProducer}, validated and stored as an import would ({@link ChainImport#importBlock}), so the store
 * stays consistent at every step. The node finds them there when it starts and serves them.
 */
public final class ChainStoreMiner implements StoreMiner {
    private final NetworkParameters network;

    public ChainStoreMiner(NetworkParameters network) {
        BlockProducer.requireMineable(network);
        this.network = network;
    }

    @Override
    public String mine(Path datadir, int count, java.util.function.LongConsumer progress) {
        ChainState chain = ChainStores.openChain(StoreKind.ROCKSDB, datadir, network, Optional.empty());
        try {
            BlockProducer producer = new BlockProducer(chain, new java.security.SecureRandom());
            progress.accept(0);
            for (int i = 0; i < count; i++) {
                long now = System.currentTimeMillis() / 1000;
                // A long run starts in the past, a second a block, and ends at the clock: its blocks never run
                // ahead of the clock (BlockProducer keeps them after the median time past).
                Block block = producer.next(chain.blockTip(), List.of(), now - (count - 1 - i));
                new ChainImport(chain, now).importBlock(block);
                progress.accept(i + 1);
            }
            return TipLine.of(chain.mainTip());
        } finally {
            chain.persist().close();
        }
    }
}
