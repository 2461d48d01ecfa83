package dev.tributary.testing;

import dev.tributary.chain.Difficulty;
import dev.tributary.chain.BlockHeader;
import java.math.BigInteger;

/** Headers that look right and are not: for tests of how a node treats a peer that sends them. */
public final class ForgedHeaders {
    private ForgedHeaders() {
    }

    /**
     * {@code header} with the first nonce from its own on whose hash is above the target its bits encode:
     * same parent, Merkle root, time and bits, but no proof of work. (On regtest about every other nonce
     * fails, so this is quick.)
     */
    public static BlockHeader withoutProofOfWork(BlockHeader header) {
        BigInteger target = Difficulty.decodeCompact(header.bits());
        for (long nonce = header.nonce() + 1;; nonce++) {
            BlockHeader h = header.withNonce(nonce);
            if (h.hash().toBigInteger().compareTo(target) > 0) {
                return h;
            }
        }
    }
}
