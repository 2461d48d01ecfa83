package dev.tributary.node.cli;

import dev.tributary.chain.NetworkParameters;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every chain command takes: which network, and where its data lives. */
final class ChainOptions {
    @Option(names = "--network", required = true, paramLabel = "NET",
            description = "mainnet, testnet4 or regtest")
    NetworkParameters network;

    @Option(names = "--datadir", required = true, paramLabel = "DIR", converter = DatadirConverter.class,
            description = "where the chain is stored")
    Path datadir;
}
