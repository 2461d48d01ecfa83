package dev.tributary.node;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.engine.Scheduler;
import dev.tributary.net.HeadersFirstProtocol;
import dev.tributary.sync.ChainState;
import dev.tributary.sync.SyncCoordinator;
import dev.tributary.wire.Block;
import dev.tributary.wire.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * Headers-first sync as a {@link NodeProtocol}. Mined blocks are validated and stored as an import would
 * ({@link ChainImport#importBlock}); the block tip moving makes the service's {@code TipAnnouncer} announce it
 * by {@code inv}, and peers fetch it headers-first. There is no memory pool. Engine thread only.
 */
final class HeadersFirstMode implements NodeProtocol {
    private final HeadersFirstProtocol protocol;
    private final ChainState chain;
    private final Scheduler scheduler;
    private final boolean full;
    private final BlockProducer producer;

    HeadersFirstMode(HeadersFirstProtocol protocol, ChainState chain, Scheduler scheduler, boolean full) {
        this.protocol = protocol;
        this.chain = chain;
        this.scheduler = scheduler;
        this.full = full;
        this.producer = new BlockProducer(chain);
    }

    HeadersFirstProtocol protocol() {
        return protocol;
    }

    @Override
    public String name() {
        return SyncMode.HEADERS.label();
    }

    @Override
    public TipSummary tip() {
        HeaderSyncData main = chain.mainTip();
        return new TipSummary(main.height(), main.hash().toString(), main.chainWork().toString(),
                chain.blockTip().height());
    }

    @Override
    public List<Hash> mine(int count) {
        BlockProducer.requireMineable(chain.params());
        List<Hash> mined = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Block block = producer.next(chain.blockTip(), List.of(), scheduler.nowSeconds());
            new ChainImport(chain, scheduler.nowSeconds()).importBlock(block);
            mined.add(block.hash());
        }
        return mined;
    }

    @Override
    public Hash submitTransaction(Transaction tx) {
        throw new UnsupportedOperationException("this node syncs headers-first and keeps no memory pool"
                + " (run it with --sync-mode blocks)");
    }

    @Override
    public int mempoolSize() {
        return 0;
    }

    @Override
    public boolean isCurrent() {
        SyncCoordinator c = protocol.coordinator();
        return !c.isSyncing() && c.stashSize() == 0 && (!full || chain.blocksComplete());
    }

    @Override
    public void stop() {
        // the service's timers die with the engine
    }
}
