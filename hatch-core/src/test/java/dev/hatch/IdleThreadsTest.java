package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An idle endpoint with the default settings (leak detector, stored dumps, audit, minimum data
 * rates) keeps at most three threads of its own: the shared {@code hatch-timer} and the HTTP
 * server's minimum pool. Everything else is started on demand and ends when idle. Counted in a
 * child JVM, so that no other test's endpoint is in the count, after the leak detector's first
 * judgements (its interval is 5 s), on JDK 17 and 25.
 */
class IdleThreadsTest {
    static java.util.stream.Stream<String> jdkHomes() {
        return OptionalTool.jdkHomes();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdkHomes")
    @SuppressWarnings("unchecked")
    void anIdleEndpointKeepsAtMostThreeThreads(String javaHome) throws Exception {
        OptionalTool.jdk(javaHome);
        try (ChildJvm c = ChildJvm.start(Path.of(javaHome), Files.createTempDirectory("hatch-idle"), Map.of(), List.of())) {
            Thread.sleep(11_000); // two of the detector's judgements, one retention sweep, idle otherwise
            Map<String, Object> dump = (Map<String, Object>) JsonTree.value(c.get("/ops/threads", TestEndpoint.MONITOR).body());
            List<String> ours = ((List<Map<String, Object>>) dump.get("threads")).stream()
                    .map(t -> (String) t.get("name")).filter(n -> n.startsWith("hatch-")).sorted().toList();
            assertThat(ours).as("Hatch's threads while idle (one of them is serving this request)").hasSizeLessThanOrEqualTo(3)
                    .contains("hatch-timer")
                    .allSatisfy(n -> assertThat(n).matches("hatch-timer|hatch-http-[0-9]+"));
        }
    }
}
