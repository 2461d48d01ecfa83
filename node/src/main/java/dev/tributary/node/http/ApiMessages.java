package dev.tributary.node.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tributary.dag.DagState;
import dev.tributary.node.NodeStatus;
import java.util.List;

/** The JSON bodies of the HTTP API ({@link HttpApi}), as records that Jackson reads and writes. */
public final class ApiMessages {
    private ApiMessages() {
    }

    /** {@code POST /mine}: how many blocks, 1 to {@link HttpApi#MAX_BLOCKS_PER_REQUEST}. */
    public record MineRequest(Integer blocks) {
    }

    /** The mined blocks' hashes (lowest first) and the tip after them. */
    public record MineResponse(List<String> blocks, int height, String tip) {
    }

    /** {@code POST /transactions}: a serialized transaction in hex (with or without witness data). */
    public record TransactionRequest(String hex) {
    }

    /** The submitted transaction's id (display hex). */
    public record TransactionResponse(String txid) {
    }

    /** {@code GET /status}; {@code chainwork} is left out for a DAG, {@code dag} for a chain. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StatusResponse(String mode, int height, String tip, String chainwork, int blockHeight, int peers,
            int mempool, long blocksStored, DagStatus dag) {

        static StatusResponse of(NodeStatus s) {
            return new StatusResponse(s.mode(), s.tip().height(), s.tip().tip(), s.tip().chainwork(),
                    s.tip().blockHeight(), s.peers(), s.mempool(), s.blocksStored(),
                    s.dag() == null ? null : DagStatus.of(s.dag()));
        }
    }

    /** A BlockDAG's state: its tips (sorted), the hash of them, the lowest and highest tip height, its blocks. */
    public record DagStatus(List<String> tips, String tipsHash, int minTipHeight, int maxTipHeight, long blocks) {
        static DagStatus of(DagState s) {
            return new DagStatus(s.tips().stream().map(Object::toString).toList(), s.tipsHash().toString(),
                    s.minTipHeight(), s.maxTipHeight(), s.blockCount());
        }
    }

    /** Every 4xx and 5xx answer: one line saying what was wrong. */
    public record ErrorResponse(String error) {
    }
}
