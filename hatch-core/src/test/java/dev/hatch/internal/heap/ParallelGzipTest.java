package dev.hatch.internal.heap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelGzipTest {
    @TempDir
    Path dir;

    /** Half random, half repetitive, like a heap: compressible but not trivially. */
    private Path file(int size) throws IOException {
        byte[] data = new byte[size];
        Random r = new Random(size);
        for (int i = 0; i < size; i++) {
            data[i] = (i / 4096) % 2 == 0 ? (byte) r.nextInt(256) : (byte) (i % 61);
        }
        Path f = dir.resolve("in-" + size);
        Files.write(f, data);
        return f;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, ParallelGzip.BLOCK - 1, ParallelGzip.BLOCK, 3 * ParallelGzip.BLOCK + 17})
    void roundTripsThroughTheJdksGzipReader(int size) throws IOException {
        Path in = file(size);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ParallelGzip.compress(in, out, 3);
        try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(out.toByteArray()))) {
            assertThat(gz.readAllBytes()).isEqualTo(Files.readAllBytes(in));
        }
    }

    /**
     * Runs of random bytes (stored) between runs of compressible ones (deflated), of odd lengths
     * that cross pieces and blocks: every switch of level must leave one valid stream, and the
     * compressible runs must still shrink.
     */
    @Test
    void randomRunsAreStoredAndTheRestStillShrinks() throws IOException {
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        Random r = new Random(7);
        long randomBytes = 0;
        int[] runs = {100_003, 50_001, 30_007, 1_500_013, 8_191, 8_193, 700_001, 1_048_576, 12_345};
        for (int i = 0; i < runs.length; i++) {
            byte[] run = new byte[runs[i]];
            if (i % 2 == 0) {
                r.nextBytes(run);
                randomBytes += run.length;
            } else {
                for (int j = 0; j < run.length; j++) {
                    run[j] = (byte) ("record " + (j / 64)).charAt(j % 7);
                }
            }
            data.write(run);
        }
        Path in = dir.resolve("runs");
        Files.write(in, data.toByteArray());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ParallelGzip.compress(in, out, 2);
        try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(out.toByteArray()))) {
            assertThat(gz.readAllBytes()).isEqualTo(data.toByteArray());
        }
        long compressible = data.size() - randomBytes;
        // random bytes cannot shrink; the rest must come to well under a tenth of itself
        assertThat((long) out.size()).isBetween(randomBytes, randomBytes + compressible / 10);
    }

    @Test
    void randomBytesLookRandomAndDataThatDeflatesDoesNot() {
        Random r = new Random(3);
        byte[] random = new byte[ParallelGzip.PIECE];
        r.nextBytes(random);
        assertThat(ParallelGzip.looksRandom(random, 0, random.length)).isTrue();
        byte[] half = random.clone();
        for (int i = 0; i < half.length / 2; i++) {
            half[i] = (byte) (i % 61);
        }
        assertThat(ParallelGzip.looksRandom(half, 0, half.length)).as("half random").isFalse();
        byte[] text = "java.lang.String value=\"order-4711\" hash=0 coder=0 ".repeat(200).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ParallelGzip.looksRandom(text, 0, ParallelGzip.PIECE)).as("text").isFalse();
        assertThat(ParallelGzip.looksRandom(new byte[ParallelGzip.PIECE], 0, ParallelGzip.PIECE)).as("zeros").isFalse();
        assertThat(ParallelGzip.looksRandom(random, 0, 100)).as("too short to judge").isFalse();
    }

    @Test
    void gunzipReadsItAndChecksTheCrcAndLength() throws Exception {
        Path in = file(5 * ParallelGzip.BLOCK + 12345);
        Path gz = dir.resolve("out.gz");
        try (OutputStream out = Files.newOutputStream(gz)) {
            ParallelGzip.compress(in, out, 4);
        }
        assertThat(Files.size(gz)).isLessThan(Files.size(in));
        Process p = new ProcessBuilder("gzip", "-t", gz.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        Process d = new ProcessBuilder("gzip", "-dc", gz.toString()).redirectOutput(dir.resolve("back").toFile()).start();
        assertThat(d.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.mismatch(dir.resolve("back"), in)).isEqualTo(-1L);
    }

    @Test
    void aClientThatGoesAwayStopsTheWorkersAndLeavesNoThreads() throws Exception {
        Path in = file(8 * ParallelGzip.BLOCK);
        OutputStream broken = new OutputStream() {
            private int calls;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (++calls > 2) {
                    throw new IOException("client went away");
                }
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ParallelGzip.compress(in, broken, 2))
                .isInstanceOf(IOException.class).hasMessageContaining("went away");
        long deadline = System.currentTimeMillis() + 5000;
        while (gzipThreads() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(gzipThreads()).isZero();
    }

    private static long gzipThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("hatch-gzip-")).count();
    }
}
