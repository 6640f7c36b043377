package dev.hatch.internal.jfr;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.EventType;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordingFile;

/**
 * Java 17's way to keep only some events of a recording, which it has no API for (19 added
 * {@code RecordingFile.write}). A dump holds whole chunks, and a chunk holds the events of every
 * recording running in the JVM, so a profile taken while the continuous recording runs carries
 * that recording's events too. This copies the file and blanks each unwanted event record in
 * place: its type id becomes 1, a constant-pool record, which readers skip when they walk the
 * events (they reach constant pools through the chunk header's chain instead), and its payload
 * is zeroed. Sizes and offsets stay as they are, so nothing else in the file changes.
 *
 * <p>The layout is checked as it is walked (every record inside its chunk, the chunk header's
 * constant pool and metadata offsets landing on records of type 1 and 0); anything unexpected
 * fails with an {@link IOException} rather than guess.
 */
final class EventBlanker {
    private static final int HEADER = 68;

    /** Decides per event record from its type and time span (nanoseconds since the epoch). */
    @FunctionalInterface
    interface Keep {
        boolean test(EventType type, long startNanos, long endNanos);
    }

    private EventBlanker() {
    }

    /**
     * Writes into {@code to} a copy of {@code from} in which the events {@code keep} rejects are blanked.
     *
     * @return how many events were blanked
     */
    static long write(Path from, Path to, Keep keep) throws IOException {
        Map<Long, EventType> types = new HashMap<>();
        try (RecordingFile in = new RecordingFile(from)) {
            for (EventType t : in.readEventTypes()) {
                types.put(t.getId(), t);
            }
        }
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        long blanked = 0;
        try (FileChannel ch = FileChannel.open(to, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new IOException("recording too large to filter: " + size + " bytes");
            }
            MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
            int chunk = 0;
            while (chunk < size) {
                blanked += chunk(buf, chunk, types, keep);
                chunk += (int) buf.getLong(chunk + 8);
            }
            buf.force();
        } catch (IndexOutOfBoundsException e) {
            throw new IOException("a record runs past the end of the recording", e);
        }
        return blanked;
    }

    private static long chunk(MappedByteBuffer buf, int c, Map<Long, EventType> types, Keep keep) throws IOException {
        if (buf.limit() - c < HEADER || buf.get(c) != 'F' || buf.get(c + 1) != 'L' || buf.get(c + 2) != 'R' || buf.get(c + 3) != 0
                || buf.getShort(c + 4) != 2) {
            throw new IOException("not a JFR 2.x chunk at byte " + c);
        }
        long chunkSize = buf.getLong(c + 8);
        long cp = buf.getLong(c + 16);
        long meta = buf.getLong(c + 24);
        long startNanos = buf.getLong(c + 32);
        long startTicks = buf.getLong(c + 48);
        double nanosPerTick = 1e9 / buf.getLong(c + 56);
        if (chunkSize < HEADER || c + chunkSize > buf.limit()) {
            throw new IOException("chunk at byte " + c + " claims " + chunkSize + " bytes");
        }
        int end = (int) (c + chunkSize);
        int[] at = {c + HEADER};
        boolean sawCp = cp == 0;
        boolean sawMeta = false;
        long blanked = 0;
        while (at[0] < end) {
            int record = at[0];
            long recordSize = varint(buf, at);
            int typeAt = at[0];
            long typeId = varint(buf, at);
            int typeLength = at[0] - typeAt;
            if (recordSize <= 0 || record + recordSize > end) {
                throw new IOException("record at byte " + record + " overruns its chunk");
            }
            if (record - c == cp) {
                sawCp = typeId == 1;
            }
            if (record - c == meta) {
                sawMeta = typeId == 0;
            }
            int next = (int) (record + recordSize);
            if (typeId > 1 && !kept(buf, at, types.get(typeId), startNanos, startTicks, nanosPerTick, keep)) {
                // Type 1, padded to the length the old id had: 0x81 0x80 ... 0x00 reads as 1.
                for (int i = 0; i < typeLength; i++) {
                    buf.put(typeAt + i, (byte) (typeLength == 1 ? 1 : i == 0 ? 0x81 : i == typeLength - 1 ? 0 : 0x80));
                }
                for (int i = typeAt + typeLength; i < next; i++) {
                    buf.put(i, (byte) 0);
                }
                blanked++;
            }
            at[0] = next;
        }
        if (at[0] != end || !sawCp || !sawMeta) {
            throw new IOException("unexpected layout in the chunk at byte " + c);
        }
        return blanked;
    }

    private static boolean kept(MappedByteBuffer buf, int[] at, EventType type, long startNanos, long startTicks,
                                double nanosPerTick, Keep keep) {
        if (type == null) {
            return false;
        }
        List<ValueDescriptor> fields = type.getFields();
        if (fields.isEmpty() || !fields.get(0).getName().equals("startTime")) {
            return false;
        }
        long ticks = varint(buf, at);
        long duration = fields.size() > 1 && fields.get(1).getName().equals("duration") ? varint(buf, at) : 0;
        long start = startNanos + (long) ((ticks - startTicks) * nanosPerTick);
        long stop = start + (long) (duration * nanosPerTick);
        return keep.test(type, start, stop);
    }

    /** JFR's variable-length integer: 7 bits a byte, low first, the ninth byte whole. */
    private static long varint(MappedByteBuffer buf, int[] at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int b = buf.get(at[0]++);
            v |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        return v | (long) (buf.get(at[0]++) & 0xff) << 56;
    }
}
