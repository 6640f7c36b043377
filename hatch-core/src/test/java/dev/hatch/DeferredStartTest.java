package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hatch.start.delay}: the port is bound and the generated token written at once; the
 * server and its background work are built at the first connection, or when the delay ends;
 * closed before that, nothing is left (socket closed, token file deleted).
 */
class DeferredStartTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private Hatch.Builder builder(Duration delay) {
        // No token configured: one is generated, which is what the agent usually runs with.
        return Hatch.builder().port(0).startDelay(delay).auditFile(dir.resolve("audit.jsonl")).dumpDirectory(dir.resolve("dumps"));
    }

    @Test
    void theFirstConnectionBuildsTheServerAndIsAnswered() throws Exception {
        try (Hatch hatch = builder(Duration.ofMinutes(10)).start()) {
            assertThat(hatch.started()).as("nothing built before a connection").isFalse();
            assertThat(hatch.port()).isPositive();
            assertThat(hatch.url().toString()).isEqualTo("http://127.0.0.1:" + hatch.port() + "/ops");
            Path tokenFile = hatch.generatedTokenFile().orElseThrow();
            assertThat(tokenFile).exists();
            assertThat(dir.resolve("audit.jsonl")).doesNotExist();
            String token = Files.readString(tokenFile).trim();

            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(hatch.url() + "/health"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(hatch.started()).isTrue();
            assertThat(dir.resolve("audit.jsonl")).as("the first request was audited").exists();
            assertThat(hatch.url().toString()).as("the server took over the same socket").endsWith(":" + health.uri().getPort() + "/ops");
        }
    }

    @Test
    void withoutAConnectionItBuildsWhenTheDelayEnds() throws Exception {
        try (Hatch hatch = builder(Duration.ofSeconds(1)).start()) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!hatch.started() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(hatch.started()).isTrue();
            assertThat(hatch.auditFile()).isEqualTo(dir.resolve("audit.jsonl"));
        }
    }

    @Test
    void closedBeforeItIsBuiltNothingIsLeft() throws Exception {
        Hatch hatch = builder(Duration.ofMinutes(10)).start();
        int port = hatch.port();
        Path tokenFile = hatch.generatedTokenFile().orElseThrow();
        hatch.close();
        assertThat(hatch.started()).isFalse();
        assertThat(tokenFile).doesNotExist();
        assertThat(dir.resolve("audit.jsonl")).doesNotExist();
        // The port is free at once: this test can bind it.
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
        hatch.close(); // idempotent
    }

    @Test
    void configuredTriggersMustWatchFromTheStart() throws IOException {
        try (Hatch hatch = builder(Duration.ofMinutes(10)).trigger("near-oom", "{\"on\":\"old-gen\",\"percent\":95}").start()) {
            assertThat(hatch.started()).isTrue();
        }
    }
}
