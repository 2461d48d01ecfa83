package dev.tributary.node.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The lines of a node's watch stream, read on a thread of their own so that the reader can tell a node that went
 * silent (it hangs, or the connection to it broke without a word: a blocked read never returns) from one that writes:
 * a node writes a line at least every 10 s, an empty one to keep the connection alive. Bounded: at most 64 lines wait.
 */
final class WatchLines {
    /** The end of the stream, in the queue. */
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(64);

    /** Starts reading {@code lines} on a daemon thread. */
    WatchLines(BufferedReader lines) {
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = lines.readLine()) != null) {
                    queue.put(line);
                }
                queue.put(END);
            } catch (IOException e) {
                queue.offer(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "db-watch-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * The next line, or null at the end of the stream.
     *
     * @throws TimeoutException when no line came for {@code silence}
     * @throws IOException      when reading failed
     */
    String next(Duration silence) throws IOException, InterruptedException, TimeoutException {
        Object o = queue.poll(silence.toMillis(), TimeUnit.MILLISECONDS);
        if (o == null) {
            throw new TimeoutException("no line for " + silence.toSeconds() + " s");
        }
        if (o == END) {
            queue.offer(END); // the end again for a later call
            return null;
        }
        if (o instanceof IOException e) {
            throw e;
        }
        return (String) o;
    }
}
