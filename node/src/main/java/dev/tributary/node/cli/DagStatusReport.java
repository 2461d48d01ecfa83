package dev.tributary.node.cli;

import dev.tributary.dag.BlockAtHeight;
import dev.tributary.dag.DagIndex;
import dev.tributary.dag.DagParameters;
import dev.tributary.dag.store.DagStore;
import dev.tributary.dag.store.DagStoreCheck;
import dev.tributary.node.Node;
import dev.tributary.node.dag.DagLine;
import dev.tributary.store.KeyValueStore;
import dev.tributary.store.RocksDbKeyValueStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code tributary status --network dagtest}: what a stopped dagtest node's data directory holds. Prints
 * {@code network=dagtest blocks=<n>}, one {@code tip: height=<h> hash=<hash>} line per tip in canonical order,
 * with {@code --check} the {@link DagStoreCheck}'s verdict (each problem on standard error), and ends with the
 * {@link DagLine}. Writes nothing to the store.
 */
final class DagStatusReport {
    private DagStatusReport() {
    }

    /**
     * Prints the status of the DAG in {@code datadir}; returns the exit code: 1 when {@code check} found problems.
     *
     * @throws IllegalArgumentException when {@code datadir} holds no DAG
     */
    static int print(Path datadir, boolean check, PrintWriter out, PrintWriter err) {
        Path dir = Node.storeDirectory(datadir);
        DagParameters params = DagParameters.DAGTEST;
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no DAG in " + datadir + " (run mine --network dagtest or node first)");
        }
        try (KeyValueStore root = RocksDbKeyValueStore.open(dir)) {
            if (!root.keyspaces().contains(params.name())) {
                throw new IllegalArgumentException("no DAG in " + datadir + " (run mine --network dagtest or node first)");
            }
            KeyValueStore kv = root.keyspace(params.name());
            DagIndex dag = DagStore.openExisting(kv, params).load();
            out.println("network=" + params.name() + " blocks=" + dag.size());
            for (BlockAtHeight tip : dag.tipsInCanonicalOrder()) {
                out.println("tip: height=" + tip.height() + " hash=" + tip.hash());
            }
            int status = 0;
            if (check) {
                List<String> problems = DagStoreCheck.check(kv, params);
                problems.forEach(p -> err.println("inconsistent: " + p));
                out.println(problems.isEmpty() ? "check: consistent" : "check: " + problems.size() + " problems");
                status = problems.isEmpty() ? 0 : 1;
            }
            out.println(DagLine.of(dag.state()));
            return status;
        }
    }
}
