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
import java.util.Arrays;
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
 * bounded (two per thread), so memory stays at a few megabytes whatever the file's size.
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
        ArrayDeque<Future<Block>> inFlight = new ArrayDeque<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long blocks = Math.max(1, (size + BLOCK - 1) / BLOCK);
            CRC32 crc = new CRC32();
            out.write(HEADER);
            long next = 0;
            while (next < blocks || !inFlight.isEmpty()) {
                while (next < blocks && inFlight.size() < 2 * threads) {
                    long position = next * BLOCK;
                    int length = (int) Math.min(BLOCK, size - position);
                    boolean last = next == blocks - 1;
                    inFlight.add(pool.submit(() -> deflate(ch, position, length, last)));
                    next++;
                }
                Block b = await(inFlight.removeFirst());
                crc.update(b.input, 0, b.inputLength);
                out.write(b.output, 0, b.outputLength);
            }
            byte[] trailer = new byte[8];
            littleEndian(trailer, 0, crc.getValue());
            littleEndian(trailer, 4, size & 0xffffffffL);
            out.write(trailer);
        } finally {
            inFlight.forEach(f -> f.cancel(true));
            pool.shutdownNow();
        }
    }

    private record Block(byte[] input, int inputLength, byte[] output, int outputLength) {
    }

    private static Block deflate(FileChannel ch, long position, int length, boolean last) throws IOException {
        byte[] input = new byte[length];
        ByteBuffer buf = ByteBuffer.wrap(input);
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                throw new IOException("the dump file ended early at byte " + (position + buf.position()));
            }
        }
        Deflater d = new Deflater(Deflater.BEST_SPEED, true);
        try {
            d.setInput(input);
            byte[] output = new byte[length + (length >>> 3) + 256];
            int written = 0;
            if (last) {
                d.finish();
                while (!d.finished()) {
                    if (written == output.length) {
                        output = Arrays.copyOf(output, output.length * 2);
                    }
                    written += d.deflate(output, written, output.length - written);
                }
            } else {
                // Sync flush: all input out, ending on a byte boundary, the stream left open.
                while (true) {
                    int k = d.deflate(output, written, output.length - written, Deflater.SYNC_FLUSH);
                    written += k;
                    if (written < output.length) {
                        break;
                    }
                    output = Arrays.copyOf(output, output.length * 2);
                }
            }
            return new Block(input, length, output, written);
        } finally {
            d.end();
        }
    }

    private static Block await(Future<Block> f) throws IOException {
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
