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

/** A real JVM with -XX:NativeMemoryTracking=summary reads its own NMT summary through the MBean. */
class NmtChildJvmTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path workDir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.hatch.internal.container.ChildJvm#javas")
    void nmtSummaryHasTheJvmsCategories(String label, Path java) throws Exception {
        assumeTrue(Files.isExecutable(java), label + " is not installed at " + java);

        List<JsonNode> snapshots = ChildJvm.run(java, workDir, "snapshot", "-XX:NativeMemoryTracking=summary", "-Xmx256m");

        assertThat(snapshots).hasSize(1);
        JsonNode snapshot = snapshots.get(0);
        JsonNode nmt = snapshot.path("jvm").path("nmt");
        assertThat(nmt.path("enabled").asBoolean()).as("nmt %s", nmt).isTrue();
        assertThat(nmt.path("mode").asText()).isEqualTo("summary");
        JsonNode categories = nmt.path("categories");
        for (String name : List.of("Java Heap", "Class", "Thread", "Code", "GC")) {
            assertThat(categories.path(name).path("committedBytes").asLong()).as(name).isPositive();
            assertThat(categories.path(name).path("reservedBytes").asLong())
                    .as(name).isGreaterThanOrEqualTo(categories.path(name).path("committedBytes").asLong());
        }
        long sum = 0;
        for (JsonNode category : categories) {
            sum += category.path("committedBytes").asLong();
        }
        // The total and the categories are printed from one report: with scale=b they agree exactly.
        assertThat(nmt.path("totalCommittedBytes").asLong()).isEqualTo(sum);
        // The JVM's two views of its heap agree: NMT's committed heap is the MXBean's committed.
        assertThat(categories.path("Java Heap").path("committedBytes").asLong())
                .isCloseTo(snapshot.path("jvm").path("heap").path("committedBytes").asLong(),
                        org.assertj.core.data.Offset.offset(64 * MIB));
        JsonNode notAccounted = snapshot.path("notAccounted");
        assertThat(notAccounted.path("basis").asText()).isEqualTo("nmt");
        assertThat(notAccounted.path("accountedBytes").asLong()).isEqualTo(nmt.path("totalCommittedBytes").asLong());
        assertThat(notAccounted.path("notAccountedBytes").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(snapshot.path("notes").size()).as("notes %s", snapshot.path("notes")).isZero();
    }
}
