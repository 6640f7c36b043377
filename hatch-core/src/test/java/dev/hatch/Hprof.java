package dev.hatch;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads an HPROF stream the way a heap analyser starts to: the header, then every top-level
 * record (tag, time, length, body). Counting the records by tag and reaching the end exactly
 * proves the dump is whole and well-formed.
 */
public final class Hprof {
    /** A string record. */
    public static final int UTF8 = 0x01;
    /** A class record. */
    public static final int LOAD_CLASS = 0x02;
    /** An unsegmented heap dump. */
    public static final int HEAP_DUMP = 0x0C;
    /** One segment of a segmented heap dump. */
    public static final int HEAP_DUMP_SEGMENT = 0x1C;
    /** The record that ends a segmented heap dump. */
    public static final int HEAP_DUMP_END = 0x2C;
    private static final Set<Integer> TAGS = Set.of(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B,
            0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x1C, 0x2C);

    /**
     * What was read.
     *
     * @param lastTag the tag of the last record ({@link #HEAP_DUMP_END} for a complete segmented dump)
     * @param strings the short string records, one per line, for {@link #hasString}
     */
    public record Summary(String version, int idSize, long timestamp, Map<Integer, Integer> recordsByTag, long bytes,
                          int lastTag, String strings) {
        /** Number of records with the tag. */
        public int count(int tag) {
            return recordsByTag.getOrDefault(tag, 0);
        }

        /** Whether a string record holds {@code s} (class names appear as {@code a/b/C$D}). */
        public boolean hasString(String s) {
            return strings.contains(s);
        }
    }

    private Hprof() {
    }

    /** Reads the whole stream, checking the framing of every record; fails on anything that is not HPROF. */
    public static Summary read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16));
        StringBuilder version = new StringBuilder();
        int c;
        while ((c = in.read()) > 0) {
            version.append((char) c);
            if (version.length() > 32) {
                throw new IOException("no HPROF header");
            }
        }
        if (c != 0 || !version.toString().startsWith("JAVA PROFILE 1.0.")) {
            throw new IOException("not an HPROF header: " + version);
        }
        int idSize = in.readInt();
        if (idSize != 4 && idSize != 8) {
            throw new IOException("bad identifier size " + idSize);
        }
        long timestamp = in.readLong();
        long bytes = version.length() + 1 + 4 + 8;
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        StringBuilder strings = new StringBuilder();
        int lastTag = -1;
        while (true) {
            int tag = in.read();
            if (tag < 0) {
                break;
            }
            if (!TAGS.contains(tag)) {
                throw new IOException(String.format("unknown record tag 0x%02x at byte %d", tag, bytes));
            }
            in.readInt();
            long length = in.readInt() & 0xffffffffL;
            if (tag == UTF8 && length > idSize && length < 4096) {
                byte[] body = new byte[(int) length];
                in.readFully(body);
                strings.append(new String(body, idSize, body.length - idSize, StandardCharsets.UTF_8)).append('\n');
            } else {
                skipFully(in, length, tag);
            }
            counts.merge(tag, 1, Integer::sum);
            lastTag = tag;
            bytes += 9 + length;
        }
        return new Summary(version.toString(), idSize, timestamp, counts, bytes, lastTag, strings.toString());
    }

    private static void skipFully(DataInputStream in, long length, int tag) throws IOException {
        long skipped = 0;
        while (skipped < length) {
            long n = in.skip(length - skipped);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("record 0x" + Integer.toHexString(tag) + " is truncated");
                }
                n = 1;
            }
            skipped += n;
        }
    }

    /** The UTF-8 header bytes every HPROF file starts with. */
    public static byte[] magic() {
        return "JAVA PROFILE 1.0.".getBytes(StandardCharsets.US_ASCII);
    }
}
