package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An idle endpoint with the default settings (leak detector, stored dumps, audit, minimum data
 * rates) keeps at most three threads of its own: the shared {@code hatch-timer} and the HTTP
 * server's minimum pool. Everything else is started on demand and ends when idle. Counted in
 * child JVMs on JDK 17 and 25 (started together, so they idle side by side), so that no other
 * test's endpoint is in the count, after the leak detector's first judgements (every 5 s).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdleThreadsTest {
    private final Map<String, ChildJvm> programs = new HashMap<>();
    private final Map<String, Long> started = new HashMap<>();

    static java.util.stream.Stream<String> jdkHomes() {
        return OptionalTool.jdkHomes();
    }

    @BeforeAll
    void startThePrograms() throws Exception {
        for (String home : jdkHomes().toList()) {
            if (Files.isExecutable(Path.of(home, "bin", "java"))) { // a missing JDK 25 skips in the test
                programs.put(home, ChildJvm.start(Path.of(home), Files.createTempDirectory("hatch-idle"), Map.of(), List.of()));
                started.put(home, System.nanoTime());
            }
        }
    }

    @AfterAll
    void stopThePrograms() throws Exception {
        for (ChildJvm c : programs.values()) {
            c.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdkHomes")
    void anIdleEndpointKeepsAtMostThreeThreads(String javaHome) throws Exception {
        OptionalTool.jdk(javaHome);
        ChildJvm c = programs.get(javaHome);
        // Two of the detector's judgements and one retention sweep since the start; idle otherwise.
        // HTTP workers left from the start go after 10 s idle: wait (bounded) for them to go.
        long idleSince = started.get(javaHome) + 11_000_000_000L;
        long deadline = started.get(javaHome) + 60_000_000_000L;
        List<String> ours = threads(c.pid());
        while (System.nanoTime() < idleSince || (ours.size() > 2 && System.nanoTime() < deadline)) {
            Thread.sleep(200);
            ours = threads(c.pid());
        }
        assertThat(ours).as("Hatch's threads while idle").hasSizeLessThanOrEqualTo(2)
                .contains("hatch-timer")
                .allSatisfy(n -> assertThat(n).matches("hatch-timer|hatch-http-[0-9]+"));
        // Idle is not asleep: the endpoint answers at once, on a worker started for the request.
        assertThat(c.get("/ops/health", TestEndpoint.MONITOR).statusCode()).isEqualTo(200);
    }

    /** The names of Hatch's threads, from /proc (cut at 15 characters) rather than through a request. */
    private static List<String> threads(long pid) throws Exception {
        List<String> ours = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (name.startsWith("hatch-")) {
                        ours.add(name);
                    }
                } catch (java.nio.file.NoSuchFileException ended) {
                    // a thread that ended while the directory was read
                }
            }
        }
        return ours;
    }
}
