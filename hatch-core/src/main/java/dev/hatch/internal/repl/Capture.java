package dev.hatch.internal.repl;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What one evaluation printed on {@code System.out} or {@code System.err}: the first
 * {@code limit} bytes are kept, the rest only counted. Once {@link #close() closed}, threads that
 * inherited it (a pool thread the snippet happened to create) print to the application again.
 */
final class Capture {
    private final Buffer buffer;
    private final PrintStream stream;
    private volatile boolean closed;

    Capture(int limit) {
        buffer = new Buffer(limit);
        stream = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }

    /** The stream snippets print to while this capture is open. */
    PrintStream stream() {
        return stream;
    }

    boolean open() {
        return !closed;
    }

    /** Stops capturing; later output of leftover threads goes to the application's stream. */
    void close() {
        closed = true;
        stream.flush();
    }

    /** The captured text, with a marker when output was dropped. */
    String text(String limitKey) {
        return buffer.text(limitKey);
    }

    /** Cuts a string to {@code limit} UTF-8 bytes, with a marker saying how much was dropped. */
    static String cut(String s, int limit, String limitKey) {
        if (s == null || s.length() <= limit / 3) {
            return s; // at most 3 UTF-8 bytes per char
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        Buffer b = new Buffer(limit);
        b.write(bytes, 0, bytes.length);
        return b.text(limitKey);
    }

    private static final class Buffer extends OutputStream {
        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long dropped;

        Buffer(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void write(int b) {
            if (kept.size() < limit) {
                kept.write(b);
            } else {
                dropped++;
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = Math.max(0, Math.min(len, limit - kept.size()));
            kept.write(b, off, room);
            dropped += len - room;
        }

        synchronized String text(String limitKey) {
            String s = kept.toString(StandardCharsets.UTF_8);
            return dropped == 0 ? s : s + "\n[... " + dropped + " more bytes not shown: output is limited to "
                    + limit + " bytes (" + limitKey + ")]";
        }
    }
}
