package dev.tributary.node.chain;

import dev.tributary.bytes.Hash;
import dev.tributary.engine.Scheduler;
import dev.tributary.sync.headers.HeadersFirstProtocol;
import dev.tributary.chain.store.ChainState;
import dev.tributary.sync.headers.SyncCoordinator;
import dev.tributary.chain.Transaction;
import dev.tributary.net.PeerModule;
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

    HeadersFirstMode(HeadersFirstProtocol protocol, ChainState chain, Scheduler scheduler, boolean full,
            java.util.Random random) {
        this.protocol = protocol;
        this.chain = chain;
        this.scheduler = scheduler;
        this.full = full;
        this.producer = new BlockProducer(chain, random);
    }

    HeadersFirstProtocol protocol() {
        return protocol;
    }

    @Override
    public PeerModule module() {
        return protocol;
    }

    @Override
    public String name() {
        return SyncMode.HEADERS.label();
    }

    @Override
    public TipSummary tip() {
        return TipSummary.of(chain);
    }

    @Override
    public List<Hash> mine(int count) {
        long now = scheduler.nowSeconds();
        ChainImport importer = new ChainImport(chain, now);
        return producer.mineOnBlockTip(count, List::of, now, importer::importBlock);
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
