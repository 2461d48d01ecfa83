package dev.tributary.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.ByteWriter;
import dev.tributary.engine.Cancellable;
import dev.tributary.wire.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Routing by type and by topic, and handlers that can be cancelled. */
class MessageDispatcherTest {

    /** A message of some protocol that carries a topic, as a database's messages carry its address. */
    private record Heads(String database, int count) implements Message {
        @Override
        public String command() {
            return "heads";
        }

        @Override
        public void write(ByteWriter out) {
        }
    }

    private final MessageDispatcher dispatcher = new MessageDispatcher();
    private final Peer peer = RecordingConnection.to("203.0.113.40", false).readyPeer(0);

    @Test
    void handlersOfATypeRunInOrderUntilCancelled() {
        List<String> seen = new ArrayList<>();
        Cancellable first = dispatcher.on(Heads.class, (p, m) -> seen.add("first " + m.count()));
        dispatcher.on(Heads.class, (p, m) -> seen.add("second " + m.count()));

        assertThat(dispatcher.dispatch(peer, new Heads("a", 1))).isTrue();
        first.cancel();
        dispatcher.dispatch(peer, new Heads("a", 2));

        assertThat(seen).containsExactly("first 1", "second 1", "second 2");
    }

    @Test
    void aTypeNobodyHandlesIsReportedUnhandled() {
        Cancellable only = dispatcher.on(Heads.class, (p, m) -> { });
        only.cancel();
        assertThat(dispatcher.dispatch(peer, new Heads("a", 1))).isFalse();
    }

    @Test
    void messagesGoToTheSubscribersOfTheirTopicAndOthersToTheFallback() {
        MessageDispatcher.TopicRoutes<Heads> routes = dispatcher.routeByTopic(Heads.class, Heads::database);
        List<String> seen = new ArrayList<>();
        Cancellable a = routes.subscribe("/orbitdb/a", (p, m) -> seen.add("a got " + m.count()));
        routes.subscribe("/orbitdb/b", (p, m) -> seen.add("b got " + m.count()));
        routes.onUnknownTopic((p, m) -> seen.add("nobody has " + m.database()));

        dispatcher.dispatch(peer, new Heads("/orbitdb/a", 1));
        dispatcher.dispatch(peer, new Heads("/orbitdb/b", 2));
        dispatcher.dispatch(peer, new Heads("/orbitdb/c", 3));
        assertThat(routes.topics()).containsExactlyInAnyOrder("/orbitdb/a", "/orbitdb/b");
        a.cancel();
        dispatcher.dispatch(peer, new Heads("/orbitdb/a", 4));

        assertThat(seen).containsExactly("a got 1", "b got 2", "nobody has /orbitdb/c", "nobody has /orbitdb/a");
        assertThat(routes.topics()).containsExactly("/orbitdb/b");
    }
}
