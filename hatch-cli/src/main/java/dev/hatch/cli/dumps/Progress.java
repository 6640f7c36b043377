package dev.hatch.cli.dumps;

import dev.hatch.cli.output.Text;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on standard error: bytes, percentage, rate and time left when the
 * size is known. Silent when nobody watches (not a terminal), so scripts and logs stay clean.
 */
final class Progress {
    private static final long INTERVAL_NANOS = 200_000_000L;
    private static final int BAR = 24;

    private final PrintStream err;
    private final boolean enabled;
    private final String label;
    private long total;
    private long startNanos;
    private long startBytes;
    private long lastDraw;
    private int lastWidth;

    Progress(PrintStream err, boolean enabled, String label) {
        this.err = err;
        this.enabled = enabled;
        this.label = label;
    }

    /** Starts (or resumes) counting: {@code from} bytes are already there, {@code total} is -1 when unknown. */
    void start(long from, long total) {
        this.total = total;
        this.startBytes = from;
        this.startNanos = System.nanoTime();
        this.lastDraw = 0;
        update(from, true);
    }

    void update(long bytes) {
        update(bytes, false);
    }

    private void update(long bytes, boolean force) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastDraw < INTERVAL_NANOS) {
            return;
        }
        lastDraw = now;
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        double rate = (bytes - startBytes) / seconds;
        StringBuilder sb = new StringBuilder(label).append(' ');
        if (total > 0) {
            double f = Math.min(1, (double) bytes / total);
            int filled = (int) Math.round(f * BAR);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3.0f%% ", f * 100))
                    .append(Text.bytes(bytes)).append(" / ").append(Text.bytes(total));
        } else {
            sb.append(Text.bytes(bytes));
        }
        sb.append("  ").append(Text.bytes(rate)).append("/s");
        if (total > 0 && rate > 0 && bytes < total) {
            sb.append("  ETA ").append(Text.duration((long) ((total - bytes) / rate * 1000) + 999));
        }
        String line = sb.toString();
        err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
        err.flush();
        lastWidth = line.length();
    }

    /**
     * Draws the last state of a transfer whose answer ended, however soon after the last
     * drawing: a complete download ends on 100 %. {@code announced} is the size the server
     * announced, -1 when it did not (a compressed stream): then the bytes that arrived are the whole.
     */
    void finish(long bytes, long announced) {
        if (startNanos == 0) {
            startNanos = System.nanoTime();
        }
        total = announced > 0 ? announced : bytes;
        update(bytes, true);
    }

    /** A status message on the progress line (e.g. while the server dumps). */
    void message(String text) {
        if (!enabled) {
            return;
        }
        err.print("\r" + text + " ".repeat(Math.max(0, lastWidth - text.length())));
        err.flush();
        lastWidth = text.length();
    }

    /** A line for the record, shown whether or not a person watches (e.g. a resumed transfer). */
    void note(String text) {
        done();
        err.println(text);
        err.flush();
    }

    /** Ends the line. */
    void done() {
        if (enabled && lastWidth > 0) {
            err.println();
            lastWidth = 0;
        }
    }
}
