package dev.tributary.dag;

import dev.tributary.bytes.Hash;
import java.util.HexFormat;
import java.util.List;

/** Shared helpers of the dag tests. */
public final class DagFixtures {
    public static final DagParameters PARAMS = DagParameters.DAGTEST;
    public static final DagBlock GENESIS = PARAMS.genesisBlock();
    /** A clock reading one day after genesis. */
    public static final long NOW = GENESIS.header().time() + 86_400;

    private DagFixtures() {
    }

    public static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** A hash whose 32 bytes all equal {@code b}. */
    public static Hash filled(int b) {
        byte[] bytes = new byte[Hash.LENGTH];
        java.util.Arrays.fill(bytes, (byte) b);
        return Hash.wrap(bytes);
    }

    /** Mines a block on every tip of {@code dag} and adds it. */
    public static DagBlock mineAndAdd(DagIndex dag, String tag) {
        DagBlock b = new DagMiner(PARAMS).mine(dag, List.of(), NOW, tag.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        dag.add(b);
        return b;
    }

    /** Mines a block on the given parents (known to {@code dag}) without adding it. */
    public static DagBlock mineOn(DagIndex dag, String tag, Hash... parents) {
        List<BlockAtHeight> ps = java.util.Arrays.stream(parents)
                .map(p -> new BlockAtHeight(p, dag.height(p).orElseThrow())).toList();
        return new DagMiner(PARAMS).mineOn(ps, List.of(), NOW, tag.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
