package dev.tributary.node;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.net.HostPort;
import dev.tributary.net.Peer;
import dev.tributary.net.PeerListener;
import dev.tributary.sync.SyncCoordinator;
import dev.tributary.sync.SyncListener;
import dev.tributary.sync.SyncPeer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Decides when a node has its peers' best chain: every expected peer is handshaked and its last pass
 * found nothing more, no pass is running or waiting, and (for a full node) every block of the best
 * chain is stored. Installed on the node's engine thread through {@link #watch(Node, Collection)}.
 *
 * <p>Fails, rather than waiting for ever, when the chain can no longer be had from the expected peers:
 * <ul>
 *   <li>an expected peer cannot be reached, or its connection closes, before its first handshake;</li>
 *   <li>an expected peer was handshaked, its connection dropped, and redialling it fails;</li>
 *   <li>a full node lacks blocks while every expected peer is handshaked and none serves blocks (no
 *       NODE_NETWORK: a headers-only node);</li>
 *   <li>a pass failed and nothing will start another: no pass is running or waiting and every expected
 *       peer is still connected (a peer that disconnected is redialled, and its handshake starts a pass).</li>
 * </ul>
 */
public final class SyncCompletion implements PeerListener, SyncCoordinator.PassListener, SyncListener {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SyncCompletion.class);
    private final Node node;
    private final Set<InetSocketAddress> expected;
    private final Set<InetSocketAddress> everReady = new HashSet<>();
    private final CompletableFuture<HeaderSyncData> done = new CompletableFuture<>();
    /** The last pass's failure, until a pass succeeds. */
    private String lastFailure;

    private SyncCompletion(Node node, Collection<InetSocketAddress> expected) {
        this.node = node;
        this.expected = Set.copyOf(expected);
    }

    /**
     * Starts watching; the future completes with the main tip once synced. A blocks-first node is watched by
     * {@link BlocksSyncCompletion} instead: it completes when the node is current with its peers.
     */
    public static CompletableFuture<HeaderSyncData> watch(Node node, Collection<InetSocketAddress> peers) {
        if (node.config().mode() == SyncMode.BLOCKS) {
            return BlocksSyncCompletion.watch(node, peers);
        }
        SyncCompletion c = new SyncCompletion(node, peers);
        node.addPeerListener(c);
        node.execute(() -> {
            node.headersFirst().coordinator().addPassListener(c);
            node.chain().addListener(c);
            c.check();
        });
        return c.done;
    }

    /** What the node still waits for, or null when it is synced. */
    private String waitingFor() {
        SyncCoordinator coordinator = node.headersFirst().coordinator();
        if (coordinator.isSyncing() || coordinator.stashSize() > 0) {
            return "a sync pass is running or waiting";
        }
        List<Peer> ready = List.copyOf(node.peers().readyPeers());
        for (InetSocketAddress a : expected) {
            boolean caughtUp = ready.stream().anyMatch(p -> p.address().equals(a) && coordinator.isCaughtUpWith(p));
            if (!caughtUp) {
                return "peer " + a + " (ready: " + ready + ")";
            }
        }
        if (expected.isEmpty() && ready.isEmpty()) {
            return "any peer";
        }
        if (node.config().sync().downloadBlocks()
                && (!node.chain().blocksComplete() || node.headersFirst().downloads().isDownloading())) {
            return "block bodies";
        }
        return null;
    }

    @Override
    public void onPeerReady(Peer peer) {
        everReady.add(peer.address());
        check();
    }

    @Override
    public void onConnectFailed(InetSocketAddress address, String reason) {
        if (!expected.contains(address)) {
            return;
        }
        if (everReady.contains(address)) {
            // It was handshaked, dropped, and the redial failed: it is gone, and its part of the chain with it.
            done.completeExceptionally(new IOException("lost the connection to " + HostPort.of(address)
                    + " and cannot reconnect: " + reason));
        } else {
            done.completeExceptionally(new IOException(unreachable(address, reason)));
        }
    }

    /** The error for a peer that cannot be reached: it names the peer's address, whatever the reason says. */
    static String unreachable(InetSocketAddress address, String reason) {
        String hostPort = HostPort.of(address);
        if (reason != null && reason.contains(hostPort)) {
            return reason;
        }
        return "cannot connect to " + hostPort + ": " + (reason != null ? reason : "connection failed");
    }

    @Override
    public void onPassCompleted(SyncPeer peer, boolean more, Optional<Throwable> failure) {
        lastFailure = failure.map(t -> "sync from " + peer.label() + " failed: "
                + (t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName())).orElse(null);
        // The coordinator replays its stash right after this event; check once that has happened.
        node.execute(this::check);
    }

    @Override
    public void onNewHeaderTip(HeaderSyncData tip) {
        check();
    }

    private void check() {
        if (done.isDone()) {
            return;
        }
        String waitingFor = waitingFor();
        if (waitingFor == null) {
            done.complete(node.chain().mainTip());
            return;
        }
        String stuck = stuck();
        if (stuck != null) {
            done.completeExceptionally(new IOException(stuck));
            return;
        }
        log.debug("not synced yet: {}", waitingFor);
    }

    /** Why the chain can no longer be had from the expected peers, or null while it can. */
    private String stuck() {
        if (expected.isEmpty()) {
            return null;
        }
        List<Peer> ready = new ArrayList<>();
        for (InetSocketAddress a : expected) {
            Optional<Peer> p = node.peers().readyPeers().stream().filter(r -> r.address().equals(a)).findFirst();
            if (p.isEmpty()) {
                return null;
            }
            ready.add(p.get());
        }
        if (node.config().sync().downloadBlocks() && !node.chain().blocksComplete()
                && ready.stream().noneMatch(Peer::servesBlocks)) {
            return "no peer to download blocks from: " + ready.stream().map(Peer::label).collect(Collectors.joining(", "))
                    + (ready.size() == 1 ? " does" : " do") + " not serve blocks (no NODE_NETWORK: headers only)";
        }
        SyncCoordinator coordinator = node.headersFirst().coordinator();
        if (lastFailure != null && !coordinator.isSyncing() && coordinator.stashSize() == 0) {
            return lastFailure;
        }
        return null;
    }
}
