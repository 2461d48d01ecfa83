package dev.tributary.node.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The JSON bodies of the HTTP API ({@link HttpApi}), as records that Jackson reads and writes. */
public final class ApiMessages {
    private ApiMessages() {
    }

    /** {@code POST /mine}: how many blocks, 1 to {@link MiningRoutes#MAX_BLOCKS_PER_REQUEST}. */
    public record MineRequest(Integer blocks) {
    }

    /**
     * The mined blocks' hashes (lowest first) and the tip after them: a chain's best block ({@code tip}), or a DAG's
     * tips and their hash ({@code tips}, {@code tipsHash}); the other fields are left out.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MineResponse(List<String> blocks, int height, String tip, List<String> tips, String tipsHash) {
    }

    /** {@code POST /transactions}: a serialized transaction in hex (with or without witness data). */
    public record TransactionRequest(String hex) {
    }

    /** The submitted transaction's id (display hex). */
    public record TransactionResponse(String txid) {
    }

    /** Every 4xx and 5xx answer: one line saying what was wrong. */
    public record ErrorResponse(String error) {
    }
}
