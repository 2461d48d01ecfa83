package dev.tributary.node.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine;

/** Parses {@code HOST:PORT} and {@code [IPV6]:PORT} into an address, resolving the host; a URL is refused, naming its HOST:PORT. */
final class HostPortConverter implements CommandLine.ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
        int scheme = value.indexOf("://");
        if (scheme > 0) {
            // a URL, as the HTTP API is written elsewhere: the address is its host and port
            String rest = value.substring(scheme + 3);
            int slash = rest.indexOf('/');
            String address = slash < 0 ? rest : rest.substring(0, slash);
            throw new CommandLine.TypeConversionException("'" + value + "' is a URL; give HOST:PORT"
                    + (address.isEmpty() ? "" : ", here " + address));
        }
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not HOST:PORT");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' has no numeric port");
        }
        if (port < 0 || port > 65535) {
            throw new CommandLine.TypeConversionException("port out of range in '" + value + "'");
        }
        InetSocketAddress a = new InetSocketAddress(host, port);
        if (a.isUnresolved()) {
            throw new CommandLine.TypeConversionException("cannot resolve host '" + host + "'");
        }
        return a;
    }
}
