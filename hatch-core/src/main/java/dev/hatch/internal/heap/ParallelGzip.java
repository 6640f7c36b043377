package dev.hatch.internal.heap;

import dev.hatch.internal.concurrent.DaemonThreads;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses a file into one gzip stream with several threads, the way pigz does: the file is
 * cut into blocks that are deflated independently at level 1, each ending on a byte boundary
 * (a sync flush) so that their concatenation is a single valid deflate stream; the writer puts
 * them out in order behind one gzip header and ends with the CRC-32 and length of the whole.
 * Any gzip reader (gunzip, {@code GZIPInputStream}) reads the result. Blocks in flight are
 * bounded (two per thread), so memory stays at a few megabytes whatever the file's size. Pieces
 * of a block that look random are stored rather than deflated ({@link #looksRandom}): deflate
 * cannot shrink them and spends most of its time on them.
 */
final class ParallelGzip {
    static final int BLOCK = 1 << 20;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 4, (byte) 0xff};

    private ParallelGzip() {
    }

    /** The threads a dump is compressed with: the available processors, at most 4. */
    static int defaultThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** Writes {@code file} to {@code out} as gzip; the caller closes {@code out}. */
    static void compress(Path file, OutputStream out, int threads) throws IOException {
        ExecutorService pool = new ThreadPoolExecutor(threads, threads, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), DaemonThreads.numbered("hatch-gzip"));
        ArrayDeque<Future<Slot>> inFlight = new ArrayDeque<>();
        // Two slots per thread, each with its buffers and its deflater, used over and over: a
        // block's arrays are a megabyte each, which a heap with 1 MB regions allocates as
        // humongous objects; fresh ones per block cost a 1 GB heap's collector 2 s per GB compressed.
        ArrayDeque<Slot> free = new ArrayDeque<>();
        List<Slot> all = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long blocks = Math.max(1, (size + BLOCK - 1) / BLOCK);
            for (long i = 0; i < Math.min(blocks, 2L * threads); i++) {
                Slot slot = new Slot((int) Math.min(BLOCK, size));
                all.add(slot);
                free.add(slot);
            }
            CRC32 crc = new CRC32();
            out.write(HEADER);
            long next = 0;
            while (next < blocks || !inFlight.isEmpty()) {
                while (next < blocks && !free.isEmpty()) {
                    long position = next * BLOCK;
                    int length = (int) Math.min(BLOCK, size - position);
                    boolean last = next == blocks - 1;
                    Slot slot = free.removeFirst();
                    inFlight.add(pool.submit(() -> slot.deflate(ch, position, length, last)));
                    next++;
                }
                Slot b = await(inFlight.removeFirst());
                crc.update(b.input, 0, b.inputLength);
                out.write(b.output, 0, b.outputLength);
                free.add(b);
            }
            byte[] trailer = new byte[8];
            littleEndian(trailer, 0, crc.getValue());
            littleEndian(trailer, 4, size & 0xffffffffL);
            out.write(trailer);
        } finally {
            inFlight.forEach(f -> f.cancel(true));
            pool.shutdownNow();
            try {
                // A cancelled block may still be in its deflater: end them once the pool is idle.
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            all.forEach(Slot::end);
        }
    }

    /** A block's buffers and deflater, used by one task at a time. */
    private static final class Slot {
        final byte[] input;
        byte[] output;
        int inputLength;
        int outputLength;
        private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        private int level = Deflater.BEST_SPEED;

        Slot(int capacity) {
            input = new byte[capacity];
            output = new byte[capacity + (capacity >>> 3) + 256];
        }

        Slot deflate(FileChannel ch, long position, int length, boolean last) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(input, 0, length);
            while (buf.hasRemaining()) {
                if (ch.read(buf, position + buf.position()) < 0) {
                    throw new IOException("the dump file ended early at byte " + (position + buf.position()));
                }
            }
            inputLength = length;
            Deflater d = deflater;
            d.reset();
            int written = 0;
            int at = 0;
            while (at < length) {
                // A run of pieces that all look random, or all do not: the random ones are stored
                // as they are (level 0), the others deflated at level 1.
                boolean random = looksRandom(input, at, Math.min(PIECE, length - at));
                int end = Math.min(length, at + PIECE);
                while (end < length && looksRandom(input, end, Math.min(PIECE, length - end)) == random) {
                    end = Math.min(length, end + PIECE);
                }
                int want = random ? Deflater.NO_COMPRESSION : Deflater.BEST_SPEED;
                if (want != level) {
                    d.setLevel(want);
                    d.setInput(input, at, 0); // applies the level before the run's bytes are given
                    written = drain(d, written, Deflater.NO_FLUSH);
                    level = want;
                }
                d.setInput(input, at, end - at);
                written = drain(d, written, Deflater.NO_FLUSH);
                at = end;
            }
            if (last) {
                d.finish();
                while (!d.finished()) {
                    written = room(written);
                    written += d.deflate(output, written, output.length - written);
                }
            } else {
                // Sync flush: all input out, ending on a byte boundary, the stream left open.
                written = drain(d, written, Deflater.SYNC_FLUSH);
            }
            outputLength = written;
            return this;
        }

        /** Deflates what was given: until it is all taken ({@code NO_FLUSH}) or all out ({@code SYNC_FLUSH}). */
        private int drain(Deflater d, int written, int flush) {
            while (true) {
                written = room(written);
                written += d.deflate(output, written, output.length - written, flush);
                if (flush == Deflater.NO_FLUSH ? d.needsInput() : written < output.length) {
                    return written;
                }
            }
        }

        private int room(int written) {
            if (written == output.length) {
                output = Arrays.copyOf(output, output.length * 2);
            }
            return written;
        }

        void end() {
            deflater.end();
        }
    }

    /**
     * Random-looking bytes (compressed or encrypted data, random numbers) are judged in pieces of
     * this size. Level 1 deflates them at about 50 MB/s on this project's machine and saves
     * nothing; stored, they cost a copy. The rest deflates at 700 MB/s or more.
     */
    static final int PIECE = 8 * 1024;

    /**
     * Whether the piece's bytes are spread as evenly as random bytes: the sum of the squares of
     * the byte counts (N + N(N-1)/256 expected for random bytes) within 10 % of it. Data that
     * deflate can shrink (object records, text, repeated values) sums far higher; a piece that is
     * half random and half not, about 1.7 times higher.
     */
    static boolean looksRandom(byte[] b, int from, int length) {
        if (length < 1024) {
            return false;
        }
        int[] counts = new int[256];
        for (int i = from, end = from + length; i < end; i++) {
            counts[b[i] & 0xff]++;
        }
        long squares = 0;
        for (int c : counts) {
            squares += (long) c * c;
        }
        long n = length;
        long expected = n + n * (n - 1) / 256;
        return squares * 10 <= expected * 11;
    }

    private static Slot await(Future<Slot> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing the dump");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("compressing the dump failed: " + cause, cause);
        }
    }

    private static void littleEndian(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
