package dev.tributary.node;

import dev.tributary.dag.DagBlock;
import dev.tributary.dag.DagIndex;
import dev.tributary.dag.DagMiner;
import dev.tributary.dag.DagParameters;
import dev.tributary.dag.store.DagStore;
import dev.tributary.store.KeyValueStore;
import dev.tributary.store.RocksDbKeyValueStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Mines {@code dagtest} blocks into a stopped {@link DagNode}'s store: each block on all current tips (the
 * first 8 in canonical order when there are more), stored as it is mined. Ends with a {@link DagLine}.
 */
public final class DagStoreMiner implements StoreMiner {
    private static final byte[] TAG = "tributary mine".getBytes(StandardCharsets.US_ASCII);
    private final DagParameters params = DagParameters.DAGTEST;

    @Override
    public String mine(Path datadir, int count) {
        try (KeyValueStore kv = RocksDbKeyValueStore.open(DagNode.storeDirectory(datadir))) {
            DagStore store = DagStore.open(kv, params);
            DagIndex dag = store.load();
            DagMiner miner = new DagMiner(params);
            for (int i = 0; i < count; i++) {
                DagBlock block = miner.mine(dag, List.of(), System.currentTimeMillis() / 1000, TAG);
                store.save(block);
                dag.add(block);
            }
            return DagLine.of(dag.state());
        }
    }
}
