package dev.hatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.cli.dumps.Download;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hatch heapdump --stored}: waits for the stored dump, resumes broken downloads with Range, verifies. */
class ResumeIT {
    private static final Map<String, String> ENV = Map.of("HATCH_TOKEN", Endpoint.ALL);
    @TempDir
    Path dir;

    @Test
    void anInterruptedDownloadResumesToAByteIdenticalFile() throws Exception {
        try (StoredDumpServer server = new StoredDumpServer(3 << 20, Endpoint.ALL)) {
            server.cuts.set(2);
            Path file = dir.resolve("heap.hprof");
            Cli.Run r = Cli.run(ENV, "--url", server.url(), "heapdump", "--stored", "-o", file.toString());
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(Files.readAllBytes(file)).isEqualTo(server.content);
            assertThat(Download.partFile(file)).doesNotExist();
            assertThat(r.err()).contains("hatch: stored dump d1;").contains("resuming in 1 s, attempt 2 of 6")
                    .contains("resuming in 2 s, attempt 3 of 6");
            int half = server.content.length / 2;
            int quarter = (server.content.length - half) / 2;
            assertThat(server.requests).containsSubsequence("POST /ops/heapdumps", "GET /ops/heapdumps", "GET /ops/heapdumps/d1",
                    "GET /ops/heapdumps/d1 bytes=" + half + "-", "GET /ops/heapdumps/d1 bytes=" + (half + quarter) + "-",
                    "DELETE /ops/heapdumps/d1");
            assertThat(r.out()).startsWith("wrote " + file + " (3.0 MiB)");
        }
    }

    @Test
    void aDownloadThatKeepsBreakingKeepsItsPartAndResumesWithId() throws Exception {
        try (StoredDumpServer server = new StoredDumpServer(1 << 20, Endpoint.ALL)) {
            server.cuts.set(100);
            Path file = dir.resolve("heap.hprof");
            Cli.Run r = Cli.run(ENV, "--url", server.url(), "heapdump", "--stored", "--retries", "1", "-o", file.toString());
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.err().lines().reduce((a, b) -> b).orElse("")).startsWith("hatch: the download broke 2 times");
            assertThat(file).doesNotExist();
            long kept = Files.size(Download.partFile(file));
            assertThat(kept).isEqualTo(server.content.length / 2 + server.content.length / 4);

            server.cuts.set(0);
            Cli.Run again = Cli.run(ENV, "--url", server.url(), "heapdump", "--id", "d1", "-o", file.toString());
            assertThat(again.exit()).as(again.toString()).isZero();
            assertThat(Files.readAllBytes(file)).isEqualTo(server.content);
            assertThat(server.requests).contains("GET /ops/heapdumps/d1 bytes=" + kept + "-");
            assertThat(server.requests.stream().filter(s -> s.startsWith("POST")).count()).isEqualTo(1);
        }
    }

    @Test
    void aStoredDumpTheServerCouldNotWriteIsReported() throws Exception {
        try (StoredDumpServer server = new StoredDumpServer(1024, Endpoint.ALL)) {
            server.state = "failed";
            Path file = dir.resolve("heap.hprof");
            Cli.Run r = Cli.run(ENV, "--url", server.url(), "heapdump", "--stored", "-o", file.toString());
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err().lines().reduce((a, b) -> b).orElse("")).isEqualTo("hatch: the server could not write stored dump d1: disk full");
        }
    }

    @Test
    void aDownloadFromARealEndpointBrokenTwiceResumesToTheServersExactFile() throws Exception {
        try (Endpoint endpoint = Endpoint.start();
             CuttingProxy proxy = new CuttingProxy(endpoint.hatch().port(), 512 * 1024, 2)) {
            Path file = dir.resolve("real.hprof");
            String url = "http://127.0.0.1:" + proxy.port() + "/ops";
            Cli.Run r = Cli.run(ENV, "--url", url, "heapdump", "--stored", "--keep", "-o", file.toString());
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(proxy.cut).as("the relay broke the transfer twice").hasValue(2);
            assertThat(r.err()).contains("resuming in 1 s, attempt 2 of 6").contains("resuming in 2 s, attempt 3 of 6");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("hatch: stored dump ([0-9A-Za-z-]+);").matcher(r.err());
            assertThat(m.find()).as(r.err()).isTrue();
            Path stored = endpoint.directory().resolve("dumps").resolve("stored").resolve(m.group(1) + ".hprof");
            assertThat(Files.size(file)).isGreaterThan(2L * 512 * 1024);
            assertThat(Files.mismatch(file, stored)).as("byte-identical to the server's stored dump").isEqualTo(-1L);
            assertThat(new String(Files.readAllBytes(file), 0, 18, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("JAVA PROFILE 1.0.2");
            assertThat(Download.partFile(file)).doesNotExist();
        }
    }

    @Test
    void aStoredDumpThatChangedBetweenAttemptsIsDownloadedAgainFromTheStart() throws Exception {
        try (Endpoint endpoint = Endpoint.start();
             CuttingProxy proxy = new CuttingProxy(endpoint.hatch().port(), 512 * 1024, 1)) {
            Path file = dir.resolve("changed.hprof");
            String url = "http://127.0.0.1:" + proxy.port() + "/ops";
            java.util.concurrent.CompletableFuture<Cli.Run> run = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return Cli.run(ENV, "--url", url, "heapdump", "--stored", "--keep", "-o", file.toString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // While the CLI waits to resume, the server's file changes: its ETag (which holds the
            // file's time) no longer matches the CLI's If-Range, so the server sends the whole new
            // file, and the CLI must start over rather than append it to the old part.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
            while (proxy.cut.get() < 1) {
                assertThat(System.nanoTime()).as("the relay never cut the transfer").isLessThan(deadline);
                assertThat(run).as("the CLI finished before the cut").isNotDone();
                Thread.sleep(5);
            }
            Path stored;
            try (var files = Files.list(endpoint.directory().resolve("dumps").resolve("stored"))) {
                stored = files.filter(f -> f.toString().endsWith(".hprof")).findFirst().orElseThrow();
            }
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(stored, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap("CHANGED!".getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 64);
            }
            Files.setLastModifiedTime(stored, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
            Cli.Run r = run.get(180, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.err()).contains("resuming in 1 s, attempt 2 of 6");
            assertThat(Files.mismatch(file, stored)).as("the new file, whole: not the old part with the new tail").isEqualTo(-1L);
            assertThat(new String(Files.readAllBytes(file), 64, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("CHANGED!");
            assertThat(Download.partFile(file)).doesNotExist();
        }
    }
}
