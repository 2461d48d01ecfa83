package dev.tributary.node.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The bars on a terminal's standard error, one line per task, kept together at the bottom of the screen: each
 * redraw moves the cursor up over the block and draws it again, line by line, so bars never share a line. Whatever
 * else goes to standard error (a log line, an error) is written above the block: the block is erased, the text
 * written, and the block drawn again under it, so nothing is glued to a bar. A finished bar's last line is written
 * once, above the block, where it stays. Only used when standard error is a terminal ({@link StandardError}); it
 * then takes {@code System.err} over.
 */
final class TerminalBoard {
    private static final long REDRAW_MILLIS = 200;
    private static TerminalBoard instance;

    private final PrintStream raw;
    private final int width;
    private final List<TerminalBar> active = new ArrayList<>();
    private final ScheduledExecutorService ticker;
    /** Lines of the block on the screen now. */
    private int drawnLines;
    /** Whether text written through {@code System.err} left its line unfinished (then the block waits). */
    private boolean partialLine;

    private TerminalBoard(PrintStream raw, int width) {
        this.raw = raw;
        this.width = width;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::redraw, REDRAW_MILLIS, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The board, created (taking {@code System.err} over) on first use. */
    static synchronized TerminalBoard get() {
        if (instance == null) {
            PrintStream original = System.err;
            instance = new TerminalBoard(original, columns());
            System.setErr(new PrintStream(new AboveTheBoard(instance), true, StandardCharsets.UTF_8));
        }
        return instance;
    }

    /** A board of its own drawing on {@code raw}, {@code width} columns wide, leaving {@code System.err} alone: for tests. */
    static TerminalBoard drawingOn(PrintStream raw, int width) {
        return new TerminalBoard(raw, width);
    }

    /** The board if one was created, for erasing it before an error line. */
    static synchronized TerminalBoard existing() {
        return instance;
    }

    /**
     * The terminal's width (asked of {@code stty} on the controlling terminal, else {@code COLUMNS}, else 80): a line
     * as long as the screen would wrap and break the block.
     */
    private static int columns() {
        try {
            Process p = new ProcessBuilder("sh", "-c", "stty size < /dev/tty").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0 && answer.matches("\\d+ [1-9]\\d*")) {
                return Math.max(40, Integer.parseInt(answer.split(" ")[1]));
            }
        } catch (IOException | RuntimeException e) {
            // no stty, or a terminal of unknown size (0 columns): COLUMNS or 80
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            String c = System.getenv("COLUMNS");
            return c != null ? Math.max(40, Integer.parseInt(c.strip())) : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    synchronized void add(TerminalBar bar) {
        active.add(bar);
        redrawLocked();
    }

    /** {@code bar} is finished: its last line is written above the block, once, and it leaves the block. */
    synchronized void finish(TerminalBar bar) {
        if (!active.remove(bar)) {
            return;
        }
        erase();
        raw.print(bar.finalLine(width) + "\n");
        draw();
    }

    /**
     * The process is stopping (Ctrl-C): every bar ends, its last line written above, and the block is left empty, so
     * that a line printed next (what to do now) is the last on the screen, not followed by a bar drawn again as if the
     * work went on. The bars are closed outside the board's lock, as a bar closes itself (bar, then board).
     */
    void finishAll() {
        List<TerminalBar> bars;
        synchronized (this) {
            bars = List.copyOf(active);
        }
        bars.forEach(TerminalBar::close);
    }

    void redraw() {
        synchronized (this) {
            redrawLocked();
        }
    }

    private void redrawLocked() {
        if (partialLine) {
            return;
        }
        erase();
        draw();
    }

    /**
     * Removes the block from the screen, a line at a time from the bottom up (the cursor ends where the block began).
     * Not by erasing the rest of the screen: a terminal such as tmux takes that, with the block at the top, for
     * clearing the screen and keeps a copy of every drawing in its scrollback.
     */
    synchronized void erase() {
        if (drawnLines > 0) {
            raw.print("\033[1A\r\033[2K".repeat(drawnLines));
            drawnLines = 0;
        }
    }

    private void draw() {
        long now = System.nanoTime();
        StringBuilder block = new StringBuilder();
        for (TerminalBar bar : active) {
            block.append(bar.line(now, width)).append('\n');
        }
        raw.print(block);
        raw.flush();
        drawnLines = active.size();
    }

    /** Text written to {@code System.err}: above the block. */
    synchronized void writeAbove(byte[] b, int off, int len) {
        if (len == 0) {
            return;
        }
        if (!partialLine) {
            erase();
        }
        raw.write(b, off, len);
        partialLine = b[off + len - 1] != '\n';
        if (!partialLine) {
            draw();
        } else {
            raw.flush();
        }
    }

    /** {@code System.err} while the board is up: each write goes above the block. */
    private static final class AboveTheBoard extends OutputStream {
        private final TerminalBoard board;

        AboveTheBoard(TerminalBoard board) {
            this.board = board;
        }

        @Override
        public void write(int b) {
            board.writeAbove(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            board.writeAbove(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            board.raw.flush();
        }
    }
}
