package dev.tributary.node.db;

import dev.tributary.oplog.db.Database;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The child program of {@link ReplicationCrashIT}: a node on a data directory (RocksDB) that connects to one peer,
 * opens a database by its address and catches up, printing on standard error {@code stored=N} each time the number
 * of entries its store holds changes (polled every 10 ms), and {@code synced=N} once synced. It runs until killed.
 *
 * <p>Arguments: data directory, the peer's loopback port, the database's address.
 */
public final class CatchUpChild {
    /** Printed before the count of entries stored. */
    static final String STORED = "stored=";
    /** Printed before the count of entries once synced. */
    static final String SYNCED = "synced=";

    private CatchUpChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        InetSocketAddress peer = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1]));
        String address = args[2];
        DbNode node = DbNode.open(dir, List.of(peer));
        node.startNetwork();
        Database db = node.dbs.open(address).get(60, TimeUnit.SECONDS);
        node.dbs.replication().whenSynced(address)
                .thenAccept(p -> System.err.println(SYNCED + db.size()));
        long last = -1;
        CountDownLatch never = new CountDownLatch(1);
        while (!never.await(10, TimeUnit.MILLISECONDS)) {
            long size = db.size();
            if (size != last) {
                System.err.println(STORED + size);
                last = size;
            }
        }
    }
}
