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
