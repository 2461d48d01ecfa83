package dev.tributary.node.cli;

import dev.tributary.net.bitcoin.NetworkAddress;
import dev.tributary.net.bitcoin.VersionMessage;
import dev.tributary.wire.BitcoinFraming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds which network a peer speaks when it closed the connection before the handshake: a Bitcoin-style node drops
 * a connection whose messages carry another network's magic (their first four bytes) without a word. The probe
 * dials it once per known network and sends a {@code version} message framed with that network's magic; the node
 * answers only the one of its own network, and its answer's magic names it. Best effort: a node that bans
 * whoever sent a wrong magic (a Tributary node does, except for loopback addresses) answers none, and then the
 * network stays unknown.
 */
final class NetworkProbe {
    /**
     * The networks a peer may speak instead of ours, by the little-endian int of their magic, in the order they are
     * asked: the chains and the DAG, by name. Not {@code tribdb}: every Tributary node speaks it beside its chain, so
     * its answer would name that instead of the chain.
     */
    static final Map<Integer, String> KNOWN = known();

    /** What {@link #otherNetworkOf} names a peer that answered as a web server does. */
    static final String HTTP = "HTTP";

    /**
     * How {@link #otherNetworkOf} names a peer that answered in some other protocol (a database server greets first):
     * this prefix, then the hex of its first four bytes.
     */
    static final String OTHER_PROTOCOL = "other protocol ";

    /**
     * What {@link #otherNetworkOf} names a Tributary node that runs no chain or DAG network, only its databases
     * ({@code tribdb}): asked last, when no chain's magic was answered, since every node speaks it.
     */
    static final String DATABASES_ONLY = "tribdb";

    /** The magic of {@link #DATABASES_ONLY}, as a little-endian int. */
    private static final int TRIBDB_MAGIC = dev.tributary.wire.KnownMagics.all().entrySet().stream()
            .filter(e -> e.getValue().equals(DATABASES_ONLY)).findFirst().orElseThrow().getKey();

    private NetworkProbe() {
    }

    private static Map<Integer, String> known() {
        Map<Integer, String> known = new LinkedHashMap<>();
        dev.tributary.wire.KnownMagics.all().entrySet().stream().filter(e -> !e.getValue().equals("tribdb"))
                .sorted(Map.Entry.comparingByValue()).forEach(e -> known.put(e.getKey(), e.getValue()));
        return known;
    }

    /**
     * The network {@code peer} speaks, other than {@code ours}, {@link #HTTP} when it is a web server (an HTTP API's
     * port given for a peer's), {@link #OTHER_PROTOCOL} and its first bytes when it answers with bytes that are no
     * network's magic, or empty when it answers nothing within {@code timeoutMillis} per try.
     */
    static Optional<String> otherNetworkOf(InetSocketAddress peer, java.util.Collection<String> ours, int timeoutMillis) {
        for (Map.Entry<Integer, String> e : KNOWN.entrySet()) {
            if (ours.contains(e.getValue())) {
                continue;
            }
            Optional<String> answer = ask(peer, e.getKey(), timeoutMillis);
            if (answer.isPresent()) {
                return answer;
            }
        }
        if (!ours.contains(DATABASES_ONLY)) {
            return ask(peer, TRIBDB_MAGIC, timeoutMillis).filter(DATABASES_ONLY::equals);
        }
        return Optional.empty();
    }

    /** Sends a {@code version} framed with {@code magic} and names the network of the answer's magic. */
    private static Optional<String> ask(InetSocketAddress peer, int magic, int timeoutMillis) {
        try (Socket s = new Socket()) {
            s.connect(peer, timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            byte[] payload = versionPayload(peer);
            byte[] header = new BitcoinFraming(magic).header(VersionMessage.COMMAND, payload);
            OutputStream out = s.getOutputStream();
            out.write(header);
            out.write(payload);
            out.flush();
            InputStream in = s.getInputStream();
            byte[] start = in.readNBytes(4);
            if (start.length < 4) {
                return Optional.empty();
            }
            if (new String(start, java.nio.charset.StandardCharsets.US_ASCII).equals("HTTP")) {
                return Optional.of(HTTP); // a web server's status line: "HTTP/1.1 400 Bad Request"
            }
            int answered = (start[0] & 0xff) | (start[1] & 0xff) << 8 | (start[2] & 0xff) << 16 | (start[3] & 0xff) << 24;
            String known = answered == TRIBDB_MAGIC ? DATABASES_ONLY : KNOWN.get(answered);
            return Optional.of(known != null ? known : OTHER_PROTOCOL + java.util.HexFormat.of().formatHex(start));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static byte[] versionPayload(InetSocketAddress peer) {
        NetworkAddress none = NetworkAddress.of(0, new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
        VersionMessage v = new VersionMessage(70016, 0, System.currentTimeMillis() / 1000,
                NetworkAddress.of(0, peer), none, new java.util.Random().nextLong(), "/Tributary:0.1.0(probe)/", 0, false);
        return v.payload();
    }

    /**
     * Why each peer of {@code addresses} that speaks another network than {@code ours} (or is a web server) closed
     * the connection before the handshake, one sentence each, such as {@code 127.0.0.1:8333 speaks mainnet, not
     * regtest (its messages carry that network's magic): it closed the connection before the handshake}.
     */
    static List<String> strangers(List<InetSocketAddress> addresses, java.util.Collection<String> ours,
            int timeoutMillis) {
        List<String> found = new ArrayList<>();
        for (InetSocketAddress a : addresses) {
            otherNetworkOf(a, ours, timeoutMillis).ifPresent(net -> {
                boolean aChain = !net.equals(HTTP) && !net.startsWith(OTHER_PROTOCOL) && !net.equals(DATABASES_ONLY);
                found.add(sentence(a, net, ours) + (aChain ? " (its messages carry that network's magic): it closed"
                        + " the connection before the handshake" : ""));
            });
        }
        return found;
    }

    /**
     * {@code 127.0.0.1:8333 speaks mainnet, not regtest}, or for a web server {@code 127.0.0.1:8080 is an HTTP
     * server, not a regtest peer (give a node's peer port, its --listen, not its --http)}.
     */
    static String sentence(InetSocketAddress a, String net, java.util.Collection<String> ours) {
        if (net.equals(HTTP)) {
            return dev.tributary.net.HostPort.of(a) + " is an HTTP server, not a " + String.join(" or ", ours)
                    + " peer (give a node's peer port, its --listen, not its --http)";
        }
        if (net.equals(DATABASES_ONLY)) {
            return dev.tributary.net.HostPort.of(a) + " is a Tributary node of databases only: it runs no "
                    + String.join(" or ", ours) + " (give the --listen address of a node run with --network "
                    + ours.iterator().next() + ")";
        }
        if (net.startsWith(OTHER_PROTOCOL)) {
            return dev.tributary.net.HostPort.of(a) + " is not a " + String.join(" or ", ours) + " peer: it answers"
                    + " in another protocol (its first bytes are " + net.substring(OTHER_PROTOCOL.length())
                    + ", no network's magic; a database or another service listens there?)";
        }
        return dev.tributary.net.HostPort.of(a) + " speaks " + net + ", not " + String.join(" or ", ours);
    }

    /**
     * Whether a failure's message says a peer's connection closed before its handshake, or as soon as it opened (the
     * peer's first bytes were no message of this node's networks). Not when this node dropped it at the handshake
     * deadline ({@code no handshake within 60 s}): another network's node closes the connection at this node's first
     * message, a web server answers it, so a peer that kept the connection open and silent is neither, and probing
     * it would only wait on it again, network after network.
     */
    static boolean beforeHandshake(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("no handshake within")) {
                return false;
            }
            if (t.getMessage() != null && (t.getMessage().contains("before the handshake")
                    || t.getMessage().contains("closed as soon as it opened"))) {
                return true;
            }
        }
        return false;
    }
}
