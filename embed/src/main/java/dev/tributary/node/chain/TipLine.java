package dev.tributary.node.chain;

import dev.tributary.chain.HeaderSyncData;

/**
 * The line {@code import}, {@code sync} and {@code status} end with, which other tools parse:
 * {@code height=<n> tip=<hash, display hex> chainwork=<decimal>}. Chain work is summed from the chain's
 * start header (genesis when there is none), that header included.
 */
public final class TipLine {
    private TipLine() {
    }

    public static String of(HeaderSyncData tip) {
        return "height=" + tip.height() + " tip=" + tip.hash() + " chainwork=" + tip.chainWork();
    }
}
