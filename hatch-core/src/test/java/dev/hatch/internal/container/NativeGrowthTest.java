package dev.hatch.internal.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** 64 MiB of direct buffers show up outside the heap: in the buffer pool, NMT and RSS. */
class NativeGrowthTest {
    private static final long MB = 1_000_000;

    @TempDir
    Path workDir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.hatch.internal.container.ChildJvm#javas")
    void directBuffersGrowNativeFiguresNotTheHeap(String label, Path java) throws Exception {
        assumeTrue(Files.isExecutable(java), label + " is not installed at " + java);

        List<JsonNode> snapshots = ChildJvm.run(java, workDir, "direct",
                "-XX:NativeMemoryTracking=summary", "-Xmx128m", "-XX:MaxDirectMemorySize=256m");

        assertThat(snapshots).hasSize(2);
        JsonNode before = snapshots.get(0);
        JsonNode after = snapshots.get(1);

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
