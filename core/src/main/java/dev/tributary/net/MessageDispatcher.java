package dev.tributary.net;

import dev.tributary.engine.Cancellable;
import dev.tributary.wire.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Routes the messages of a network's ready peers to the handlers its modules registered by message type, and,
 * for a type whose messages carry a topic (a database address, say), to the handlers subscribed to that topic
 * ({@link #routeByTopic}). A new protocol registers its own types; nothing else changes. Handlers of one type
 * run in registration order; every registration can be cancelled. Engine thread only.
 */
public final class MessageDispatcher {
    private final Map<Class<?>, List<BiConsumer<Peer, Message>>> handlers = new HashMap<>();

    /** Registers {@code handler} for messages of exactly {@code type}, until the returned handle is cancelled. */
    public <T extends Message> Cancellable on(Class<T> type, BiConsumer<Peer, T> handler) {
        BiConsumer<Peer, Message> h = (p, m) -> handler.accept(p, type.cast(m));
        List<BiConsumer<Peer, Message>> list = handlers.computeIfAbsent(type, k -> new CopyOnWriteArrayList<>());
        list.add(h);
        return () -> list.remove(h);
    }

    /**
     * Routes messages of {@code type} by topic: each goes to the handlers subscribed to {@code topicOf(message)},
     * and a message of a topic nobody subscribed to goes to the routes' fallback.
     */
    public <T extends Message> TopicRoutes<T> routeByTopic(Class<T> type, Function<T, String> topicOf) {
        TopicRoutes<T> routes = new TopicRoutes<>(topicOf);
        on(type, routes::deliver);
        return routes;
    }

    /** Returns false when no handler is registered for the message's type. */
    public boolean dispatch(Peer peer, Message message) {
        List<BiConsumer<Peer, Message>> list = handlers.get(message.getClass());
        if (list == null || list.isEmpty()) {
            return false;
        }
        for (BiConsumer<Peer, Message> h : list) {
            h.accept(peer, message);
        }
        return true;
    }

    /**
     * The handlers of one message type, by topic.
     *
     * @param <T> the message type
     */
    public static final class TopicRoutes<T extends Message> {
        private final Function<T, String> topicOf;
        private final Map<String, List<BiConsumer<Peer, T>>> byTopic = new HashMap<>();
        private BiConsumer<Peer, T> fallback = (p, m) -> { };

        private TopicRoutes(Function<T, String> topicOf) {
            this.topicOf = topicOf;
        }

        /** Delivers messages of {@code topic} to {@code handler} until the returned handle is cancelled. */
        public Cancellable subscribe(String topic, BiConsumer<Peer, T> handler) {
            List<BiConsumer<Peer, T>> list = byTopic.computeIfAbsent(topic, k -> new ArrayList<>());
            list.add(handler);
            return () -> {
                list.remove(handler);
                if (list.isEmpty()) {
                    byTopic.remove(topic, list);
                }
            };
        }

        /** What happens to a message whose topic has no subscriber (by default: nothing). */
        public void onUnknownTopic(BiConsumer<Peer, T> handler) {
            fallback = handler;
        }

        /** Topics with at least one subscriber. */
        public java.util.Set<String> topics() {
            return java.util.Set.copyOf(byTopic.keySet());
        }

        private void deliver(Peer peer, T message) {
            List<BiConsumer<Peer, T>> list = byTopic.get(topicOf.apply(message));
            if (list == null) {
                fallback.accept(peer, message);
                return;
            }
            for (BiConsumer<Peer, T> h : List.copyOf(list)) {
                h.accept(peer, message);
            }
        }
    }
}
