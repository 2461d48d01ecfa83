package dev.tributary.node.cli;

import dev.tributary.chain.NetworkParameters;
import picocli.CommandLine;

/** Parses {@code --network} names into network parameters. */
final class NetworkConverter implements CommandLine.ITypeConverter<NetworkParameters> {
    @Override
    public NetworkParameters convert(String name) {
        try {
            return NetworkParameters.forName(name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
