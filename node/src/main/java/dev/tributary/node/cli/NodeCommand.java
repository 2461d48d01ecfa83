package dev.tributary.node.cli;

import dev.tributary.net.NetConfig;
import dev.tributary.node.Node;
import dev.tributary.node.NodeConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tributary node}: runs a node until stopped (Ctrl-C or SIGTERM), logging what it does. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Runs a node: connects to peers, syncs headers first and downloads blocks, serves its chain.")
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

    @Option(names = "--headers-only", description = "sync headers without downloading blocks")
    boolean headersOnly;

    @Override
    public Integer call() throws Exception {
        NetConfig net = NetConfig.defaults().withListen(listen).withConnect(connect).withSeeds(seeds, true)
                .withMaxOutbound(maxOutbound).withMaxUploadRate(maxUploadRate);
        NodeConfig config = NodeConfig.of(chain.network, chain.datadir).withNet(net)
                .withSync(syncOptions.apply(NodeConfig.of(chain.network, chain.datadir).sync()).withDownloadBlocks(!headersOnly));
        CountDownLatch stopped = new CountDownLatch(1);
        Node node = Node.open(config, List.of());
        try {
            node.start();
        } catch (IOException | RuntimeException e) {
            // Nothing runs yet: release the store and the engine, or an in-process caller keeps them forever.
            node.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
