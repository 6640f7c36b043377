package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Heap dumps streamed from the live test JVM, parsed as HPROF, and nothing left on disk. */
@Tag("multi-jdk")
class HeapDumpTest {
    private TestEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        endpoint = TestEndpoint.start();
    }

    @AfterEach
    void stop() throws Exception {
        endpoint.close(); // fails the test if a dump file is left behind
    }

    @Test
    void rawDumpIsCompleteHprofWithContentLength() throws Exception {
        HttpResponse<InputStream> r = endpoint.client().send(endpoint.request("/ops/heapdump", TestEndpoint.DUMP).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(v ->
                assertThat(v).startsWith("attachment; filename=\"heap-").endsWith(".hprof\""));
        long length = r.headers().firstValueAsLong("Content-Length").orElseThrow();
        Hprof.Summary summary;
        try (InputStream in = r.body()) {
            summary = Hprof.read(in);
        }
        assertThat(summary.bytes()).isEqualTo(length);
        assertThat(summary.idSize()).isIn(4, 8);
        assertThat(summary.count(0x01)).as("UTF8 strings").isGreaterThan(1000);
        assertThat(summary.count(0x02)).as("LOAD CLASS").isGreaterThan(100);
        assertThat(summary.count(0x0C) + summary.count(0x1C)).as("heap dump segments").isGreaterThan(0);
        assertThat(endpoint.dumpFilesLeft()).isZero();
    }

    @Test
    void gzipDumpIsCompleteHprof() throws Exception {
        HttpResponse<InputStream> r = endpoint.client().send(
                endpoint.request("/ops/heapdump?gzip=true&live=false", TestEndpoint.DUMP).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/gzip");
        assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).endsWith(".hprof.gz\""));
        long uncompressed = Long.parseLong(r.headers().firstValue("X-Hatch-Dump-Bytes").orElseThrow());
        try (InputStream in = new GZIPInputStream(r.body())) {
            Hprof.Summary summary = Hprof.read(in);
            assertThat(summary.bytes()).isEqualTo(uncompressed);
            assertThat(summary.count(0x0C) + summary.count(0x1C)).isGreaterThan(0);
        }
    }

    @Test
    void clientThatDisconnectsHalfwayLeavesNoFile() throws Exception {
        HttpResponse<InputStream> r = endpoint.client().send(endpoint.request("/ops/heapdump", TestEndpoint.DUMP).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long length = r.headers().firstValueAsLong("Content-Length").orElseThrow();
        try (InputStream in = r.body()) {
            byte[] header = in.readNBytes(Hprof.magic().length);
            assertThat(header).isEqualTo(Hprof.magic());
            in.readNBytes((int) Math.min(length / 2, 1 << 20)); // well before the end
        } // closing the body mid-stream drops the connection
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (endpoint.dumpFiles() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(endpoint.dumpFilesLeft()).isZero();
        // and the dumper is free again (it is released just after the file is deleted)
        HttpResponse<InputStream> again;
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            again = endpoint.client().send(endpoint.request("/ops/heapdump", TestEndpoint.DUMP).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (again.statusCode() == 409) {
                again.body().close();
                Thread.sleep(50);
            }
        } while (again.statusCode() == 409 && System.nanoTime() < deadline);
        assertThat(again.statusCode()).isEqualTo(200);
        try (InputStream in = again.body()) {
            Hprof.read(in);
        }
    }

    @Test
    void concurrentDumpsYieldOneDumpAndConflicts() throws Exception {
        List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(endpoint.client().sendAsync(endpoint.request("/ops/heapdump", TestEndpoint.DUMP).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        int ok = 0;
        int conflict = 0;
        for (CompletableFuture<HttpResponse<byte[]>> c : calls) {
            HttpResponse<byte[]> r = c.get(120, TimeUnit.SECONDS);
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertThat(r.statusCode()).isEqualTo(409);
                assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("already running");
                conflict++;
            }
        }
        assertThat(ok).isGreaterThanOrEqualTo(1);
        assertThat(conflict).isGreaterThanOrEqualTo(1);
        assertThat(ok + conflict).isEqualTo(3);
    }

    @Test
    void dumpThatWouldEatTheReservedDiskIsRefusedWith507() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.dumpReserveBytes(Long.MAX_VALUE / 4)))) {
            HttpResponse<String> r = e.get("/ops/heapdump", TestEndpoint.DUMP);
            assertThat(r.statusCode()).isEqualTo(507);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(r.body()).contains("MB free").contains("hatch.dump.reserve").contains("hatch.dump.dir");
            assertThat(e.dumpFilesLeft()).isZero();
            // the refusal released the dumper: a second request is refused for the disk again, not with 409
            assertThat(e.get("/ops/heapdump", TestEndpoint.DUMP).statusCode()).isEqualTo(507);
        }
    }

    @Test
    void dumpDirectoryIsPrivate() throws Exception {
        var perms = java.nio.file.Files.getPosixFilePermissions(endpoint.hatch().dumpDirectory());
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(perms)).isEqualTo("rwx------");
    }
}
