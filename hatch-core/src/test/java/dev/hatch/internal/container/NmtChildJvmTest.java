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
 * A real JVM with -XX:NativeMemoryTracking=summary (this JDK and JDK 25) reads its own NMT
 * summary through the MBean: GET /ops/memory/container shows the categories, GET /ops/metrics
 * exports them.
 */
class NmtChildJvmTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path workDir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.hatch.OptionalTool#jdkHomes")
    void nmtSummaryHasTheJvmsCategories(String javaHome) throws Exception {
        OptionalTool.jdk(javaHome);
        try (ChildJvm child = ChildJvm.start(Path.of(javaHome), workDir, Map.of(),
                List.of("-XX:NativeMemoryTracking=summary", "-Xmx256m"))) {
            HttpResponse<String> answer = child.get("/ops/memory/container", TestEndpoint.MONITOR);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode snapshot = new ObjectMapper().readTree(answer.body());

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

            String metrics = child.get("/ops/metrics", TestEndpoint.MONITOR).body();
            assertThat(metrics).contains("# TYPE hatch_jvm_native_memory_committed_bytes gauge",
                    "hatch_jvm_native_memory_committed_bytes{category=\"Java Heap\"} ",
                    "hatch_jvm_native_memory_committed_bytes{category=\"Thread\"} ");
        }
    }
}
