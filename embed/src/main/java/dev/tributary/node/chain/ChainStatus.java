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
 * @param blocksStored the block bodies the store holds (genesis included), whenever they were written
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainStatus(String mode, @JsonUnwrapped NodeProtocol.TipSummary tip, int mempool, long blocksStored) {
}
