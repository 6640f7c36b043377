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
 * POST /ops/memory/trim in a real JVM of this JDK and of JDK 25: JDK 25 has
 * System.trim_native_heap and must answer 200; this JDK answers 200 where it has the command too
 * (JDK 17.0.15 does) and 409 naming it where it does not.
 */
class TrimChildJvmTest {
    @TempDir
    Path workDir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.hatch.OptionalTool#jdkHomes")
    void trimReportsTheRssItGaveBack(String javaHome) throws Exception {
        OptionalTool.jdk(javaHome);
        boolean thisJvm = javaHome.equals(System.getProperty("java.home"));
        boolean expectTrim = !thisJvm || new NativeTrim().missing() == null;
        try (ChildJvm child = ChildJvm.start(Path.of(javaHome), workDir, Map.of(), List.of("-Xmx128m"))) {
            assertThat(child.post("/ops/memory/trim", TestEndpoint.MONITOR).statusCode()).isEqualTo(403);

            HttpResponse<String> answer = child.post("/ops/memory/trim", TestEndpoint.OPERATE);
            JsonNode body = new ObjectMapper().readTree(answer.body());
            if (!expectTrim) {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
                assertThat(body.path("detail").asText()).contains("System.trim_native_heap");
                return;
            }
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            long before = body.path("rssBeforeBytes").asLong();
            long after = body.path("rssAfterBytes").asLong();
            assertThat(before).isPositive();
            assertThat(after).isPositive();
            assertThat(body.path("rssFellBytes").asLong()).isEqualTo(before - after);
            assertThat(body.path("jvmOutput").asText()).startsWith("Trim native heap");
            assertThat(body.path("durationMs").asLong()).isNotNegative();
        }
    }
}
