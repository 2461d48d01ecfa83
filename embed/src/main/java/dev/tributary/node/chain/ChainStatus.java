package dev.tributary.node.chain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A chain's section of {@code GET /status}: {@code {"mode", "height", "tip", "chainwork", "blockHeight", "mempool",
 * "blocksStored"}}.
 *
 * @param mode         the sync mode, {@code headers} or {@code blocks}
 * @param tip          the best chain's tip and block height
 * @param mempool      transactions in the memory pool
 * @param blocksStored block bodies written to the store since it was opened
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainStatus(String mode, @JsonUnwrapped NodeProtocol.TipSummary tip, int mempool, long blocksStored) {
}
