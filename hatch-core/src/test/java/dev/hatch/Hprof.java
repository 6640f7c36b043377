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
    private static final Set<Integer> TAGS = Set.of(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B,
            0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x1C, 0x2C);

    /** What was read. */
    public record Summary(String version, int idSize, long timestamp, Map<Integer, Integer> recordsByTag, long bytes) {
        /** Number of records with the tag. */
        public int count(int tag) {
            return recordsByTag.getOrDefault(tag, 0);
        }
    }

    private Hprof() {
    }

    /** Reads the whole stream; fails on anything that is not HPROF. */
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
            counts.merge(tag, 1, Integer::sum);
            bytes += 9 + length;
        }
        return new Summary(version.toString(), idSize, timestamp, counts, bytes);
    }

    /** The UTF-8 header bytes every HPROF file starts with. */
    public static byte[] magic() {
        return "JAVA PROFILE 1.0.".getBytes(StandardCharsets.US_ASCII);
    }
}
