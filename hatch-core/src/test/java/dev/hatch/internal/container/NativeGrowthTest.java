package dev.hatch.internal.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hatch.ChildJvm;
import dev.hatch.OptionalTool;
import dev.hatch.TestEndpoint;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 64 MiB of direct buffers show up outside the heap, in GET /ops/memory/container of a real JVM
 * (this JDK and JDK 25): in the buffer pool, in NMT and in RSS, while the heap stays flat.
 */
class NativeGrowthTest {
    private static final long MB = 1_000_000;

    @TempDir
    Path workDir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.hatch.OptionalTool#jdkHomes")
    void directBuffersGrowNativeFiguresNotTheHeap(String javaHome) throws Exception {
        OptionalTool.jdk(javaHome);
        try (ChildJvm child = ChildJvm.start(Path.of(javaHome), workDir, Map.of(),
                List.of("-XX:NativeMemoryTracking=summary", "-Xmx128m", "-XX:MaxDirectMemorySize=256m"), "direct-buffers")) {
            JsonNode before = settledSnapshot(child);
            HttpResponse<String> keep = child.post("/ops/commands/direct-buffers", TestEndpoint.OPERATE);
            assertThat(keep.statusCode()).as(keep.body()).isEqualTo(200);
            JsonNode after = settledSnapshot(child);

            long directBefore = before.path("jvm").path("bufferPools").path("pools").path("direct").path("memoryUsedBytes").asLong();
            long directAfter = after.path("jvm").path("bufferPools").path("pools").path("direct").path("memoryUsedBytes").asLong();
            assertThat(directAfter - directBefore).isGreaterThanOrEqualTo(50 * MB);

            JsonNode categoriesBefore = before.path("jvm").path("nmt").path("categories");
            JsonNode categoriesAfter = after.path("jvm").path("nmt").path("categories");
            // JDK 17 and 25 both file Unsafe.allocateMemory under "Other"; later JDKs may say "NIO".
            String category = categoriesAfter.has("NIO") ? "NIO" : "Other";
            long nmtGrowth = categoriesAfter.path(category).path("committedBytes").asLong()
                    - categoriesBefore.path(category).path("committedBytes").asLong();
            assertThat(nmtGrowth).as("NMT %s growth", category).isGreaterThanOrEqualTo(50 * MB);

            long rssGrowth = after.path("process").path("rssBytes").asLong() - before.path("process").path("rssBytes").asLong();
            assertThat(rssGrowth).as("RSS growth (the buffers' pages were touched)").isGreaterThanOrEqualTo(50 * MB);

            long heapBefore = before.path("jvm").path("heap").path("usedBytes").asLong();
            long heapAfter = after.path("jvm").path("heap").path("usedBytes").asLong();
            assertThat(Math.abs(heapAfter - heapBefore)).as("heap used change").isLessThan(8 * MB);
        }
    }

    /** A GC first (POST /ops/gc), so "heap used" compares live data, not garbage that happened to linger. */
    private static JsonNode settledSnapshot(ChildJvm child) throws Exception {
        assertThat(child.post("/ops/gc", TestEndpoint.OPERATE).statusCode()).isEqualTo(200);
        HttpResponse<String> answer = child.get("/ops/memory/container", TestEndpoint.MONITOR);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return new ObjectMapper().readTree(answer.body());
    }
}
