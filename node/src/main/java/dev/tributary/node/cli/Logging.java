package dev.tributary.node.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Adjusts log levels for commands whose own output tells the story (demo, bench, import). */
final class Logging {
    private Logging() {
    }

    static void quiet() {
        if (System.getenv("TRIBUTARY_DEBUG") == null) {
            ((Logger) LoggerFactory.getLogger("dev.tributary")).setLevel(Level.WARN);
        }
    }
}
