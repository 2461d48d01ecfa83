package dev.tributary.node.http;

import dev.tributary.node.MiningService;
import dev.tributary.node.MiningService.MinedTip;
import dev.tributary.node.ServiceRoutes;
import dev.tributary.bytes.Hash;
import dev.tributary.bytes.MalformedDataException;
import dev.tributary.chain.Transaction;
import dev.tributary.node.http.ApiMessages.MineRequest;
import dev.tributary.node.http.ApiMessages.MineResponse;
import dev.tributary.node.http.ApiMessages.TransactionRequest;
import dev.tributary.node.http.ApiMessages.TransactionResponse;
import io.javalin.http.Context;
import java.util.HexFormat;
import java.util.List;

/**
 * The routes of a service that mines blocks and takes transactions (a chain's, a DAG's):
 *
 * <pre>
 *  POST /mine          {"blocks": N}      -> {"blocks": [hash...], "height": h, "tip": hash}
 *                                            (a DAG: "tips": [hash...], "tipsHash": hash instead of "tip")
 *  POST /transactions  {"hex": "0200..."} -> {"txid": hash}
 * </pre>
 */
public final class MiningRoutes {
    /** Most blocks one {@code POST /mine} mines. */
    public static final int MAX_BLOCKS_PER_REQUEST = 1000;

    private MiningRoutes() {
    }

    /** Registers {@code POST /mine} and {@code POST /transactions} for {@code miner}. */
    public static void register(ServiceRoutes routes, MiningService miner) {
        routes.post("/mine", ctx -> mine(ctx, miner));
        routes.post("/transactions", ctx -> submitTransaction(ctx, miner));
    }

    private static void mine(Context ctx, MiningService miner) {
        MineRequest request = JsonBodies.read(ctx, MineRequest.class, "{\"blocks\": N}");
        Integer n = request.blocks();
        if (n == null) {
            throw new BadRequest(QueryParameters.mustBe("\"blocks\"", "a whole number ", 1, MAX_BLOCKS_PER_REQUEST)
                    + "; the body is {\"blocks\": N}");
        }
        if (n < 1 || n > MAX_BLOCKS_PER_REQUEST) {
            throw new BadRequest(QueryParameters.mustBe("\"blocks\"", "", 1, MAX_BLOCKS_PER_REQUEST) + ", not " + n);
        }
        List<Hash> mined = miner.mine(n);
        MinedTip tip = miner.tip();
        ctx.json(new MineResponse(mined.stream().map(Hash::toString).toList(), tip.height(), tip.tip(), tip.tips(),
                tip.tipsHash()));
    }

    private static void submitTransaction(Context ctx, MiningService miner) {
        TransactionRequest request = JsonBodies.read(ctx, TransactionRequest.class, "{\"hex\": \"...\"}");
        Transaction tx = parseTransaction(request.hex());
        ctx.json(new TransactionResponse(miner.submitTransaction(tx).toString()));
    }

    private static Transaction parseTransaction(String hex) {
        if (hex == null || hex.isEmpty()) {
            throw new BadRequest("\"hex\" must hold a serialized transaction in hex");
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw new BadRequest("\"hex\" is not hexadecimal: character " + (i + 1) + ", '" + hex.charAt(i)
                        + "', is not a hexadecimal digit (0-9, a-f)");
            }
        }
        if (hex.length() % 2 != 0) {
            throw new BadRequest("\"hex\" has an odd number of hexadecimal digits (" + hex.length() + "): each byte"
                    + " is two");
        }
        byte[] bytes = HexFormat.of().parseHex(hex);
        try {
            return Transaction.parse(bytes);
        } catch (MalformedDataException e) {
            throw new BadRequest("\"hex\" is not a transaction: " + e.getMessage());
        }
    }
}
