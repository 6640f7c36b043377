package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Heavy operations run one of a kind at a time, with a cooldown for heap dumps. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HeavyOperationTest {
    @Test
    void parallelHeapDumpsYieldOneDumpAndClearRefusals() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.dumpCooldown(Duration.ofMinutes(1))))) {
            List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(e.client().sendAsync(e.request("/ops/heapdump", TestEndpoint.DUMP).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray()));
            }
            int dumps = 0;
            int refused = 0;
            for (CompletableFuture<HttpResponse<byte[]>> call : calls) {
                HttpResponse<byte[]> r = call.get(15, TimeUnit.SECONDS);
                if (r.statusCode() == 200) {
                    dumps++;
                    assertThat(new String(r.body(), 0, 12, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("JAVA PROFILE");
                } else {
                    refused++;
                    assertThat(r.statusCode()).isIn(409, 429);
                    String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
                    assertThat(body).containsAnyOf("already running", "cooldown");
                    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                    if (r.statusCode() == 429) {
                        assertThat(r.headers().firstValue("Retry-After")).isPresent();
                    }
                }
            }
            assertThat(dumps).isEqualTo(1);
            assertThat(refused).isEqualTo(3);
            assertThat(e.dumpFilesLeft()).isZero();
        }
    }

    @Test
    void heapDumpCooldownAnswers429WithRetryAfter() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.dumpCooldown(Duration.ofSeconds(30))))) {
            assertThat(e.client().send(e.request("/ops/heapdump", TestEndpoint.DUMP).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            HttpResponse<String> again = e.get("/ops/heapdump", TestEndpoint.DUMP);
            assertThat(again.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(again.headers().firstValue("Retry-After").orElseThrow())).isBetween(25L, 30L);
            assertThat(again.body()).contains("cooldown");
        }
    }
}
