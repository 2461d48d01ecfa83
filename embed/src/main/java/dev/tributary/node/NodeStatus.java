package dev.tributary.node;

import java.util.Map;

/**
 * What a node has, read at one moment on its engine thread ({@link Node#status()}).
 *
 * @param peers    handshaked peers, over all networks
 * @param services each service's section, by service name, in the order the services were added
 */
public record NodeStatus(int peers, Map<String, Object> services) {
    public NodeStatus {
        services = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(services));
    }

    /** The section of the one service of type {@code type}, for a node that runs one. */
    public <T> T section(Class<T> type) {
        return services.values().stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + type.getSimpleName() + " in " + services.keySet()));
    }
}
