package dev.tributary.node.chain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.store.ChainState;
import java.util.ArrayList;
import java.util.List;

/**
 * A chain's section of {@code GET /status}: {@code {"mode", "height", "tip", "chainwork", "blockHeight", "mempool",
 * "blocksStored", "recent"}}.
 *
 * @param mode         the sync mode, {@code headers} or {@code blocks}
 * @param tip          the best chain's tip and block height
 * @param mempool      transactions in the memory pool
 * @param blocksStored the block bodies the store holds (genesis included), whenever they were written
 * @param recent       the best chain's last {@link #RECENT} blocks, highest first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainStatus(String mode, @JsonUnwrapped NodeProtocol.TipSummary tip, int mempool, long blocksStored,
        List<RecentBlock> recent) {
    /** How many of the best chain's blocks {@link #recent} lists. */
    public static final int RECENT = 12;

    /**
     * One block of the best chain.
     *
     * @param height its height
     * @param hash   its hash, display hex
     * @param time   its header's time, seconds since 1970
     * @param stored whether its body is stored with all its ancestors' (false: only its header is known yet)
     */
    public record RecentBlock(int height, String hash, long time, boolean stored) {
    }

    /** The best chain's last {@link #RECENT} blocks, highest first. Engine thread. */
    static List<RecentBlock> recent(ChainState chain) {
        List<RecentBlock> out = new ArrayList<>(RECENT);
        int stored = chain.blockTip().height();
        HeaderSyncData at = chain.mainTip();
        while (at != null && out.size() < RECENT) {
            out.add(new RecentBlock(at.height(), at.hash().toString(), at.header().time(), at.height() <= stored));
            at = at.height() == 0 ? null : chain.index().get(at.prevHash()).orElse(null);
        }
        return List.copyOf(out);
    }
}
