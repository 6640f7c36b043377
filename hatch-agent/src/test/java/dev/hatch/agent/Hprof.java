package dev.hatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads an HPROF stream record by record (tag u1, time u4, length u4, body) to the end and
 * checks the framing: the header, known tags only, no record cut short. Collects the UTF8
 * strings so that a test can see whose heap it is.
 */
final class Hprof {
    static final int UTF8 = 0x01;
    static final int LOAD_CLASS = 0x02;
    static final int HEAP_DUMP = 0x0C;
    static final int HEAP_DUMP_SEGMENT = 0x1C;
    static final int HEAP_DUMP_END = 0x2C;
    /** Top-level record tags of the HPROF format as the JVM writes it. */
    static final Set<Integer> KNOWN = Set.of(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E,
            0x1C, 0x2C);
    private static final byte[] MAGIC = "JAVA PROFILE 1.0.2\0".getBytes(StandardCharsets.US_ASCII);

    final int idSize;
    final long timestamp;
    final Map<Integer, Integer> recordsByTag = new TreeMap<>();
    int lastTag = -1;
    long bytes;
    private final StringBuilder strings = new StringBuilder();

    private Hprof(int idSize, long timestamp) {
        this.idSize = idSize;
        this.timestamp = timestamp;
    }

    /** Reads the whole stream; fails the test on a framing error. */
    static Hprof read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        assertThat(new String(magic, StandardCharsets.US_ASCII)).as("HPROF magic").isEqualTo(new String(MAGIC, StandardCharsets.US_ASCII));
        int idSize = in.readInt();
        assertThat(idSize).as("identifier size").isIn(4, 8);
        Hprof h = new Hprof(idSize, in.readLong());
        h.bytes = MAGIC.length + 12;
        while (true) {
            int tag = in.read();
            if (tag < 0) {
                break;
            }
            assertThat(KNOWN).as("record tag 0x%02X after %d bytes", tag, h.bytes).contains(tag);
            in.readInt();
            long length = Integer.toUnsignedLong(in.readInt());
            if (tag == UTF8 && length > idSize && length < 4096) {
                byte[] body = new byte[(int) length];
                in.readFully(body);
                h.strings.append(new String(Arrays.copyOfRange(body, idSize, body.length), StandardCharsets.UTF_8)).append('\n');
            } else {
                skipFully(in, length);
            }
            h.recordsByTag.merge(tag, 1, Integer::sum);
            h.lastTag = tag;
            h.bytes += 9 + length;
        }
        return h;
    }

    boolean hasString(String s) {
        return strings.indexOf(s) >= 0;
    }

    int count(int tag) {
        return recordsByTag.getOrDefault(tag, 0);
    }

    private static void skipFully(DataInputStream in, long n) throws IOException {
        long left = n;
        byte[] buf = new byte[8192];
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new EOFException("record cut short: " + left + " of " + n + " bytes missing");
            }
            left -= r;
        }
    }
}
