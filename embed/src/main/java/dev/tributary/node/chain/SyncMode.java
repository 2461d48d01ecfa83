package dev.tributary.node.chain;

import java.util.Locale;

/**
 * How a node on a Bitcoin network syncs: headers first then blocks in parallel ({@code HeadersFirstProtocol},
 * the default), or blocks first by inventory ({@code InventoryProtocol}: {@code getblocks}/{@code inv}/{@code
 * getdata}, orphans, relay of blocks and transactions, a memory pool).
 */
public enum SyncMode {
    HEADERS,
    BLOCKS;

    /** The name on the command line: {@code headers} or {@code blocks}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a command-line name; fails naming the valid ones. */
    public static SyncMode parse(String name) {
        for (SyncMode m : values()) {
            if (m.label().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown sync mode '" + name + "' (valid: headers, blocks)");
    }
}
