package dev.tributary.node.records;

import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.node.http.HttpApi;
import dev.tributary.records.RecordCollection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Real nodes serving record collections over HTTP on loopback (port 0), closed together. */
final class RecordNodes implements AutoCloseable {
    private final Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Map<String, List<AutoCloseable>> byName = new HashMap<>();

    RecordNodes(Path dir) {
        this.dir = dir;
    }

    /** Serves {@code collection} as {@code kind} on a node of its own named {@code name}; returns the collection's URL. */
    URI serve(String name, String kind, RecordCollection collection, RecordsConfig config) {
        Node node = Node.builder(name).datadir(dir.resolve(name)).storeKind(StoreKind.MEMORY)
                .service(RecordsService.factory(config, Map.of(kind, collection))).build();
        open.add(0, node);
        HttpApi api = HttpApi.start(node, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        open.add(0, api);
        byName.put(name, List.of(api, node));
        return URI.create("http://127.0.0.1:" + api.port() + "/records/" + kind);
    }

    /** Serves the table store {@code store} as its collection. */
    URI serve(String name, TableRecordStore store, RecordsConfig config) {
        return serve(name, store.table(), new RecordCollection(store, Clock.systemUTC()), config);
    }

    /** Stops the node named {@code name} (its HTTP API, then the node), as a node process that exits. */
    void stop(String name) throws Exception {
        for (AutoCloseable c : byName.remove(name)) {
            c.close();
            open.remove(c);
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        open.clear();
    }
}
