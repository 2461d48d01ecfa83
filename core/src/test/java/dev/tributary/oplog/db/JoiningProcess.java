package dev.tributary.oplog.db;

import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.identity.LocalIdentity;
import dev.tributary.oplog.log.BlockSource;
import dev.tributary.oplog.log.JoinResult;
import dev.tributary.oplog.log.TestWriters;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child of {@link OplogCrashTest}: writes a keyvalue database of {@code n} entries in memory (as a peer would
 * have it), then joins it into the RocksDB databases in {@code dir}, printing its progress, until it is killed or
 * done. Each run first prints what the store already holds, so the parent can check a run resumes.
 */
public final class JoiningProcess {
    private JoiningProcess() {
    }

    static void copyBlock(Databases from, Databases to, Cid cid) {
        to.store().putBlock(cid, from.store().block(cid).orElseThrow());
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        LocalIdentity writer = TestWriters.writer(0);
        try (Databases peer = Databases.inMemory(writer); Databases local = Databases.open(dir, TestWriters.writer(1))) {
            KeyValue source = peer.keyValue("crash");
            for (int i = 0; i < n; i++) {
                source.put("k" + (i % 500), i);
            }
            copyBlock(peer, local, Cid.parse(source.address().substring("/orbitdb/".length())));
            copyBlock(peer, local, Cid.parse(source.accessController().substring("/ipfs/".length())));
            KeyValue target = (KeyValue) local.open(source.address(), DatabaseType.KEYVALUE, AccessSpec.onlyCreator());
            System.out.println("holding " + target.size());
            AtomicLong applied = new AtomicLong();
            target.addListener(u -> {
                long a = applied.incrementAndGet();
                if (a % 100 == 0) {
                    System.out.println("applied " + a);
                }
            });
            BlockSource blocks = cids -> {
                Map<Cid, byte[]> out = new HashMap<>();
                cids.forEach(c -> peer.store().block(c).ifPresent(b -> out.put(c, b)));
                return java.util.concurrent.CompletableFuture.completedFuture(out);
            };
            JoinResult r = target.log().joinAll(source.log().heads(), blocks).join();
            System.out.println("joined " + r + " size " + target.size());
        }
    }
}
