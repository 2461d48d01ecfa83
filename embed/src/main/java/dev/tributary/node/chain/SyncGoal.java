package dev.tributary.node.chain;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.engine.Cancellable;
import dev.tributary.engine.Scheduler;
import dev.tributary.net.HostPort;
import dev.tributary.net.Peer;
import dev.tributary.net.bitcoin.BitcoinPeer;
import dev.tributary.sync.NetworkSyncPeer;
import dev.tributary.chain.store.ChainState;
import dev.tributary.sync.headers.HeadersFirstSync;
import dev.tributary.sync.headers.SyncCoordinator;
import dev.tributary.sync.SyncListener;
import dev.tributary.sync.SyncPeer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one sync mode waits for before {@link SyncCompletion} calls a node synced, and the mode's own failure
 * rules. {@link SyncCompletion} keeps what every mode shares (the expected peers' handshakes, unreachable and
 * lost peers, peers that do not serve blocks); a goal says when the node has what its peers have and which
 * events may change that. {@link ChainService} makes one per watch, of its mode ({@link ChainService#newSyncGoal()}).
 *
 * <p>Engine thread only.
 */
interface SyncGoal {

    /**
     * Starts listening to the mode's events: {@code recheck} is run (on the engine thread) whenever the goal may
     * have been reached or become unreachable. Runs once, before the first check.
     */
    void start(Runnable recheck);

    /** The watch is over: cancels the goal's timers. Events that still arrive may call {@code recheck}. */
    void stop();

    /**
     * What the node still waits for beyond the handshakes, or null when it is synced.
     *
     * @param expected the peers named to sync from, all handshaked at least once
     * @param ready    the peers handshaked now, at least one
     */
    String waitingFor(Set<InetSocketAddress> expected, List<Peer> ready);

    /** Whether the node lacks blocks that only a peer serving blocks (NODE_NETWORK) can give. */
    boolean lacksBlocks(List<Peer> ready);

    /** A failure of the mode that nothing will retry, or null. */
    String failure();

    /**
     * Once {@link #waitingFor} has nothing left to wait for: why the node still lacks the chain of an expected peer
     * that it will never take, or null when it has what its peers have. Headers-first: an expected peer whose
     * chain the node refused to store, its work below the minimum chain work, and better than the node's own.
     *
     * @param expected the peers named to sync from, all handshaked at least once
     * @param ready    the peers handshaked now, at least one
     */
    default String shortfall(Set<InetSocketAddress> expected, List<Peer> ready) {
        return null;
    }

    /**
     * Whether losing an expected peer after its handshake is fine while another peer is left (true when the mode
     * replaces a lost sync peer with another), rather than a failure.
     */
    boolean toleratesPeerLoss();

    /** What the watch completes with once synced. */
    HeaderSyncData result();

    /**
     * Headers-first: every expected peer's last pass found nothing more, no pass is running or waiting and (for a
     * full node) every block of the best chain is stored. A pass that failed while nothing will start another is
     * a failure; a lost expected peer is one too (its part of the chain goes with it); so is, for a full node, a
     * block download that waits for a block every peer answered it does not have
     * ({@link dev.tributary.sync.headers.DownloadManager#unservedBlock()}: peers serve the headers they validated, also
     * above the blocks they have). Completes with the main tip. Checked on each pass's end, each new header tip
     * and each such download.
     */
    static SyncGoal headersFirst(HeadersFirstMode mode, ChainState chain, boolean downloadBlocks) {
        return new HeadersFirst(mode, chain, downloadBlocks);
    }

    /**
     * Blocks-first: {@link NodeProtocol#isCurrent()}: our block height is at least every connected peer's best
     * known height (SPEC section 2: sync mode ends there), no block is requested and no orphan waits for a
     * parent. Inventory sync replaces a lost sync peer, so losing one is fine while another is left. Completes
     * with the block tip.
     *
     * <p>Checked after each new block tip (once the engine task that connected it is over, so its request and
     * orphans are settled), and by a backstop timer every {@link #BACKSTOP_MILLIS}: core publishes no event when
     * inventory sync becomes current (it only logs "Blocks are current"), and requests and orphans can also
     * drain without the tip moving (a duplicate block, {@code notfound}, a timeout, an expired orphan). The timer
     * is one pending task at a time, a check costs a pass over the ready peers, and it stops with the watch.
     */
    static SyncGoal blocksFirst(NodeProtocol mode, ChainState chain, Scheduler scheduler) {
        return new BlocksFirst(mode, chain, scheduler);
    }

    /** How often a blocks-first goal is checked besides the events. */
    long BACKSTOP_MILLIS = 1_000;

    /** See {@link #headersFirst}. */
    final class HeadersFirst implements SyncGoal, SyncCoordinator.PassListener, SyncListener {
        private final HeadersFirstMode mode;
        private final ChainState chain;
        private final boolean downloadBlocks;
        private Runnable recheck = () -> { };
        /** The last pass's failure, until a pass succeeds. */
        private String lastFailure;

        private HeadersFirst(HeadersFirstMode mode, ChainState chain, boolean downloadBlocks) {
            this.mode = mode;
            this.chain = chain;
            this.downloadBlocks = downloadBlocks;
        }

        private SyncCoordinator coordinator() {
            return mode.protocol().coordinator();
        }

        @Override
        public void start(Runnable recheck) {
            this.recheck = recheck;
            coordinator().addPassListener(this);
            chain.addListener(this);
            if (downloadBlocks) {
                mode.protocol().downloads().addUnservedListener(() -> this.recheck.run());
            }
        }

        @Override
        public void stop() {
            recheck = () -> { };
        }

        @Override
        public void onPassCompleted(SyncPeer peer, boolean more, Optional<Throwable> failure) {
            lastFailure = failure.map(t -> "sync from " + peer.label() + " failed: "
                    + (t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName())).orElse(null);
            recheck.run(); // after this event, once the coordinator has replayed its stash
        }

        @Override
        public void onNewHeaderTip(HeaderSyncData tip) {
            recheck.run();
        }

        @Override
        public String waitingFor(Set<InetSocketAddress> expected, List<Peer> ready) {
            SyncCoordinator c = coordinator();
            if (c.isSyncing() || c.stashSize() > 0) {
                return "a sync pass is running or waiting";
            }
            for (InetSocketAddress a : expected) {
                if (ready.stream().noneMatch(p -> p.address().equals(a) && c.isCaughtUpWith(NetworkSyncPeer.of(p)))) {
                    return "peer " + HostPort.of(a) + " (ready: " + ready + ")";
                }
            }
            if (downloadBlocks && (!chain.blocksComplete() || mode.protocol().downloads().isDownloading())) {
                return "block bodies";
            }
            return null;
        }

        @Override
        public String shortfall(Set<InetSocketAddress> expected, List<Peer> ready) {
            for (Peer p : ready) {
                if (!expected.contains(p.address())) {
                    continue;
                }
                Optional<HeadersFirstSync.LowWorkRefusal> refused =
                        mode.protocol().headerSync().lowWorkRefusal(NetworkSyncPeer.of(p));
                if (refused.isPresent() && refused.get().chainWork().compareTo(chain.mainTip().chainWork()) > 0) {
                    return "none of the headers of " + HostPort.of(p.address()) + " was stored: "
                            + refused.get().reason() + " (--minimum-chain-work sets the minimum)";
                }
            }
            return null;
        }

        @Override
        public boolean lacksBlocks(List<Peer> ready) {
            return downloadBlocks && !chain.blocksComplete();
        }

        @Override
        public String failure() {
            if (downloadBlocks) {
                Optional<String> unserved = mode.protocol().downloads().unservedBlock();
                if (unserved.isPresent()) {
                    return unserved.get();
                }
            }
            SyncCoordinator c = coordinator();
            return lastFailure != null && !c.isSyncing() && c.stashSize() == 0 ? lastFailure : null;
        }

        @Override
        public boolean toleratesPeerLoss() {
            return false;
        }

        @Override
        public HeaderSyncData result() {
            return chain.mainTip();
        }
    }

    /** See {@link #blocksFirst}. */
    final class BlocksFirst implements SyncGoal, SyncListener {
        private final NodeProtocol mode;
        private final ChainState chain;
        private final Scheduler scheduler;
        private Runnable recheck = () -> { };
        private Cancellable backstop = Cancellable.NONE;
        private boolean stopped;

        private BlocksFirst(NodeProtocol mode, ChainState chain, Scheduler scheduler) {
            this.mode = mode;
            this.chain = chain;
            this.scheduler = scheduler;
        }

        @Override
        public void start(Runnable recheck) {
            this.recheck = recheck;
            chain.addListener(this);
            backstop = scheduler.schedule(this::tick, BACKSTOP_MILLIS);
        }

        private void tick() {
            if (stopped) {
                return;
            }
            recheck.run();
            backstop = scheduler.schedule(this::tick, BACKSTOP_MILLIS);
        }

        @Override
        public void stop() {
            stopped = true;
            backstop.cancel();
            recheck = () -> { };
        }

        @Override
        public void onNewBlockTip(HeaderSyncData tip) {
            recheck.run();
        }

        @Override
        public String waitingFor(Set<InetSocketAddress> expected, List<Peer> ready) {
            return mode.isCurrent() ? null : "blocks (height " + chain.blockTip().height() + ")";
        }

        @Override
        public boolean lacksBlocks(List<Peer> ready) {
            int ours = chain.blockTip().height();
            return ready.stream().anyMatch(p -> BitcoinPeer.of(p).bestKnownHeight() > ours);
        }

        @Override
        public String failure() {
            return null;
        }

        @Override
        public boolean toleratesPeerLoss() {
            return true;
        }

        @Override
        public HeaderSyncData result() {
            return chain.blockTip();
        }
    }
}
