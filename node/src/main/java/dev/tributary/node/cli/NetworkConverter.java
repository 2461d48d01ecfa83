package dev.tributary.node.cli;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.dag.DagParameters;
import picocli.CommandLine;

/** Parses {@code --network} names into network parameters, and names the networks when a name is unknown. */
final class NetworkConverter implements CommandLine.ITypeConverter<NetworkParameters> {
    /** The chain networks, as a sentence lists them. */
    static final String CHAINS = "mainnet, testnet4 and regtest";
    /** Every network, as a sentence lists them. */
    static final String ALL = "mainnet, testnet4, regtest and dagtest";

    @Override
    public NetworkParameters convert(String name) {
        return chain(name, CHAINS);
    }

    /**
     * The chain network named {@code name} ({@code main} and {@code testnet} are accepted for mainnet and
     * testnet4).
     *
     * @param known the networks the command takes, for the message when {@code name} is not one
     * @throws CommandLine.TypeConversionException naming {@code known} when {@code name} is no chain network
     */
    static NetworkParameters chain(String name, String known) {
        try {
            return NetworkParameters.forName(name);
        } catch (IllegalArgumentException e) {
            throw unknown(name, known);
        }
    }

    /** Whether {@code name} is the dagtest network. */
    static boolean isDag(String name) {
        return DagParameters.DAGTEST.name().equals(name);
    }

    static CommandLine.TypeConversionException unknown(String name, String known) {
        return new CommandLine.TypeConversionException(
                "unknown network \"" + name + "\"; the networks are " + known);
    }
}
