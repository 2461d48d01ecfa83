package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each pass's bar ends when the next pass begins: its last line comes first and says its own time. */
class PassBarsTest {
    private final List<String> events = new ArrayList<>();

    private Progress.Bar bar(String task) {
        events.add("open " + task);
        return new Progress.Bar() {
            @Override
            public void stepTo(long done) {
            }

            @Override
            public void maxHint(long max) {
            }

            @Override
            public void close() {
                events.add("close " + task);
            }
        };
    }

    @Test
    void aPassesBarClosesBeforeTheNextOpensAndTheLastOnClose() {
        try (PassBars bars = new PassBars(this::bar)) {
            bars.next("a -> b");
            bars.next("b -> a");
            assertThat(events).containsExactly("open a -> b", "close a -> b", "open b -> a");
        }
        assertThat(events).containsExactly("open a -> b", "close a -> b", "open b -> a", "close b -> a");
    }

    @Test
    void closingWithoutAPassDoesNothing() {
        new PassBars(this::bar).close();
        assertThat(events).isEmpty();
    }
}
