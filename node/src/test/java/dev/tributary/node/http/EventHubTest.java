package dev.tributary.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventHubTest {
    private static EventHub.Event event(int i) {
        return new EventHub.Event("tip", "{\"height\":" + i + "}");
    }

    @Test
    void aClientThatFallsBehindIsDroppedOnceAndTheOthersGetEverything() throws Exception {
        EventHub hub = new EventHub();
        AtomicInteger slowDrops = new AtomicInteger();
        AtomicInteger fastDrops = new AtomicInteger();
        EventHub.Subscriber slow = hub.subscribe(slowDrops::incrementAndGet);
        EventHub.Subscriber fast = hub.subscribe(fastDrops::incrementAndGet);

        for (int i = 0; i < EventHub.QUEUE_EVENTS * 3; i++) {
            hub.publish(event(i));
            assertThat(fast.next(0)).isEqualTo(event(i));
        }

        assertThat(slow.dropped()).isTrue();
        assertThat(slow.overflowed()).isTrue();
        assertThat(slowDrops).hasValue(1);
        assertThat(slow.waiting()).as("a dropped client's events are let go").isZero();
        assertThat(slow.next(0)).isNull();
        assertThat(fast.dropped()).isFalse();
        assertThat(fastDrops).hasValue(0);
        assertThat(hub.subscriberCount()).isEqualTo(1);
    }

    @Test
    void aClientMayHaveAFullQueueWithoutBeingDropped() {
        EventHub hub = new EventHub();
        EventHub.Subscriber s = hub.subscribe(() -> { });
        for (int i = 0; i < EventHub.QUEUE_EVENTS; i++) {
            hub.publish(event(i));
        }
        assertThat(s.dropped()).isFalse();
        assertThat(s.waiting()).isEqualTo(EventHub.QUEUE_EVENTS);
        hub.publish(event(-1));
        assertThat(s.dropped()).isTrue();
    }

    @Test
    void clientsAreBoundedAndAGoneClientFreesItsPlace() {
        EventHub hub = new EventHub();
        EventHub.Subscriber first = hub.subscribe(() -> { });
        for (int i = 1; i < EventHub.MAX_CLIENTS; i++) {
            assertThat(hub.subscribe(() -> { })).isNotNull();
        }
        assertThat(hub.subscribe(() -> { })).isNull();
        hub.unsubscribe(first);
        assertThat(first.overflowed()).as("it left, it was not dropped").isFalse();
        assertThat(hub.subscribe(() -> { })).isNotNull();
    }

    @Test
    void withoutClientsNothingIsKept() {
        EventHub hub = new EventHub();
        assertThat(hub.hasSubscribers()).isFalse();
        hub.publish(event(1));
        EventHub.Subscriber s = hub.subscribe(() -> { });
        assertThat(s.waiting()).isZero();
    }
}
