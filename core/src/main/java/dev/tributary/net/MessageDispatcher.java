package dev.tributary.net;

import dev.tributary.wire.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Routes the messages of handshaked peers to the handlers protocols registered by message type. A new
 * protocol registers its own types; nothing else changes. Handlers of one type run in registration
 * order. Engine thread only.
 */
public final class MessageDispatcher {
    private final Map<Class<?>, List<BiConsumer<Peer, Message>>> handlers = new HashMap<>();

    /** Registers {@code handler} for messages of exactly {@code type}. */
    public <T extends Message> void on(Class<T> type, BiConsumer<Peer, T> handler) {
        handlers.computeIfAbsent(type, k -> new ArrayList<>()).add((p, m) -> handler.accept(p, type.cast(m)));
    }

    /** Returns false when no handler is registered for the message's type. */
    public boolean dispatch(Peer peer, Message message) {
        List<BiConsumer<Peer, Message>> list = handlers.get(message.getClass());
        if (list == null) {
            return false;
        }
        for (BiConsumer<Peer, Message> h : list) {
            h.accept(peer, message);
        }
        return true;
    }
}
