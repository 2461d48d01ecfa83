package dev.tributary.node.cli;

import dev.tributary.net.NetConfig;
import dev.tributary.node.Node;
import dev.tributary.node.NodeConfig;
import dev.tributary.node.SyncMode;
import dev.tributary.node.http.HttpApi;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary node}: runs a node until stopped (Ctrl-C or SIGTERM), logging what it does. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Runs a node: connects to peers, syncs (headers first, or blocks first with --sync-mode blocks),"
                + " serves its chain; with --http, an HTTP API to mine blocks and submit transactions.")
final class NodeCommand implements Callable<Integer> {
    @Mixin
    ChainOptions chain;

    @Mixin
    SyncOptions syncOptions;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "accept inbound connections here")
    InetSocketAddress listen;

    @Option(names = "--connect", paramLabel = "HOST:PORT",
            description = "connect only to this peer (repeatable; disables discovery)")
    List<InetSocketAddress> connect = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "HOST", description = "extra seed host or HOST:PORT (repeatable)")
    List<String> seeds = new ArrayList<>();

    @Option(names = "--max-outbound", paramLabel = "N", defaultValue = "5",
            description = "outbound connections to keep (default: ${DEFAULT-VALUE})")
    int maxOutbound;

    @Option(names = "--max-upload-rate", paramLabel = "BYTES_PER_S", defaultValue = "0",
            description = "upload limit across all peers, 0 for none (default: ${DEFAULT-VALUE})")
    long maxUploadRate;

    @Option(names = "--headers-only", description = "sync headers without downloading blocks (headers mode only)")
    boolean headersOnly;

    @Option(names = "--http", paramLabel = "HOST:PORT",
            description = "serve the HTTP API here: POST /mine, POST /transactions, GET /status")
    InetSocketAddress http;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        NodeConfig config = config();
        CountDownLatch stopped = new CountDownLatch(1);
        Node node = Node.open(config, List.of());
        HttpApi api;
        try {
            node.start();
            api = http != null ? HttpApi.start(node, http) : null;
        } catch (IOException | RuntimeException e) {
            // Nothing runs yet: release the store and the engine, or an in-process caller keeps them forever.
            node.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (api != null) {
                api.close();
            }
            node.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    private NodeConfig config() {
        NetConfig net = NetConfig.defaults().withListen(listen).withConnect(connect).withSeeds(seeds, true)
                .withMaxOutbound(maxOutbound).withMaxUploadRate(maxUploadRate);
        NodeConfig config = syncOptions.apply(NodeConfig.of(chain.network, chain.datadir).withNet(net));
        if (headersOnly && config.mode() == SyncMode.BLOCKS) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--headers-only needs --sync-mode headers: a blocks-first node stores every block");
        }
        return config.withSync(config.sync().withDownloadBlocks(!headersOnly));
    }
}
