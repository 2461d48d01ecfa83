package dev.tributary.testing;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.sync.DownloadProgress;
import dev.tributary.sync.SyncListener;
import dev.tributary.sync.SyncPeer;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SyncListener} that keeps every event, for tests to assert on what a node reported: headers
 * received per pass, tip moves, blocks stored (and from whom), invalid data, download progress.
 */
public final class RecordingSyncListener implements SyncListener {

    /** One answer to {@code getheaders}. */
    public record HeadersReceived(SyncPeer peer, int received, int accepted, HeaderSyncData bestHeader) {
    }

    /** One block body stored. */
    public record BlockStored(SyncPeer from, HeaderSyncData block, int sizeBytes) {
    }

    /** Data a peer sent that failed validation. */
    public record InvalidData(SyncPeer peer, String reason) {
    }

    private final List<HeadersReceived> headersReceived = new ArrayList<>();
    private final List<HeaderSyncData> headerTips = new ArrayList<>();
    private final List<HeaderSyncData> blockTips = new ArrayList<>();
    private final List<BlockStored> blocksStored = new ArrayList<>();
    private final List<InvalidData> invalidData = new ArrayList<>();
    private final List<DownloadProgress> progress = new ArrayList<>();

    @Override
    public void onHeadersReceived(SyncPeer peer, int received, int accepted, HeaderSyncData bestHeader) {
        headersReceived.add(new HeadersReceived(peer, received, accepted, bestHeader));
    }

    @Override
    public void onNewHeaderTip(HeaderSyncData tip) {
        headerTips.add(tip);
    }

    @Override
    public void onNewBlockTip(HeaderSyncData tip) {
        blockTips.add(tip);
    }

    @Override
    public void onBlockStored(SyncPeer from, HeaderSyncData block, int sizeBytes) {
        blocksStored.add(new BlockStored(from, block, sizeBytes));
    }

    @Override
    public void onDownloadProgress(DownloadProgress p) {
        progress.add(p);
    }

    @Override
    public void onInvalidData(SyncPeer peer, String reason) {
        invalidData.add(new InvalidData(peer, reason));
    }

    public List<HeadersReceived> headersReceived() {
        return List.copyOf(headersReceived);
    }

    public List<HeaderSyncData> headerTips() {
        return List.copyOf(headerTips);
    }

    /** Heights the block tip moved to, in order. */
    public List<Integer> blockTipHeights() {
        return blockTips.stream().map(HeaderSyncData::height).toList();
    }

    public List<HeaderSyncData> blockTips() {
        return List.copyOf(blockTips);
    }

    public List<BlockStored> blocksStored() {
        return List.copyOf(blocksStored);
    }

    /** How many bodies {@code peer} delivered that were stored. */
    public long blocksStoredFrom(SyncPeer peer) {
        return blocksStored.stream().filter(b -> b.from().id() == peer.id()).count();
    }

    /** How many bodies the peer with id {@code peerId} delivered that were stored. */
    public long blocksStoredFrom(long peerId) {
        return blocksStored.stream().filter(b -> b.from().id() == peerId).count();
    }

    public List<InvalidData> invalidData() {
        return List.copyOf(invalidData);
    }

    public List<DownloadProgress> progress() {
        return List.copyOf(progress);
    }
}
