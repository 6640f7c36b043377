package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    void anIdleEndpointKeepsAtMostThreeThreads(String javaHome) throws Exception {
        OptionalTool.jdk(javaHome);
        try (ChildJvm c = ChildJvm.start(Path.of(javaHome), Files.createTempDirectory("hatch-idle"), Map.of(), List.of())) {
            Thread.sleep(11_000); // two of the detector's judgements, one retention sweep, idle otherwise
            // Read from /proc, not through a request: serving one would wake the HTTP server's pool.
            List<String> ours = new ArrayList<>();
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(c.pid()), "task"))) {
                for (Path task : tasks) {
                    String name = Files.readString(task.resolve("comm")).strip(); // the Java name, cut at 15 characters
                    if (name.startsWith("hatch-")) {
                        ours.add(name);
                    }
                }
            }
            assertThat(ours).as("Hatch's threads while idle").hasSizeLessThanOrEqualTo(3)
                    .contains("hatch-timer")
                    .allSatisfy(n -> assertThat(n).matches("hatch-timer|hatch-http-[0-9]+"));
        }
    }
}
