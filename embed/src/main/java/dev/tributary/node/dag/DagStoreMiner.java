package dev.tributary.node.dag;

import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.node.StoreMiner;
import dev.tributary.node.StoreMiner;
import dev.tributary.dag.DagBlock;
import dev.tributary.dag.DagIndex;
import dev.tributary.dag.DagMiner;
import dev.tributary.dag.DagParameters;
import dev.tributary.dag.store.DagStore;
import dev.tributary.store.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Mines {@code dagtest} blocks into a stopped node's dagtest store: each block on all current tips (the
 * first 8 in canonical order when there are more), stored as it is mined. Ends with a {@link DagLine}.
 */
public final class DagStoreMiner implements StoreMiner {
    private static final byte[] TAG = "tributary mine".getBytes(StandardCharsets.US_ASCII);
    private final DagParameters params = DagParameters.DAGTEST;

    @Override
    public String mine(Path datadir, int count, java.util.function.LongConsumer progress) {
        try (KeyValueStore kv = Node.openStore(StoreKind.ROCKSDB, datadir)) {
            DagStore store = DagStore.open(kv.keyspace(params.name()), params);
            DagIndex dag = store.load();
            DagMiner miner = new DagMiner(params);
            progress.accept(0);
            for (int i = 0; i < count; i++) {
                DagBlock block = miner.mine(dag, List.of(), System.currentTimeMillis() / 1000, TAG);
                store.save(block);
                dag.add(block);
                progress.accept(i + 1);
            }
            return DagLine.of(dag.state());
        }
    }
}
