package dev.tributary.chain;

import dev.tributary.bytes.Hash;
import java.math.BigInteger;

/**
 * A validated header with its place in the chain: its height and the cumulative chain work up to and
 * including it, counted from the chain's start header (genesis, or a trusted checkpoint) included.
 */
public record HeaderSyncData(BlockHeader header, int height, BigInteger chainWork) {
    public Hash hash() {
        return header.hash();
    }

    public Hash prevHash() {
        return header.prevHash();
    }
}
