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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an idle endpoint costs its host. With the default settings (leak detector, stored dumps, audit, minimum data
 * rates) keeps at most three threads of its own: the shared {@code hatch-timer} and the HTTP
 * server's minimum pool. Everything else is started on demand and ends when idle. Counted in
 * child JVMs on JDK 17 and 25 (started together, so they idle side by side), so that no other
 * test's endpoint is in the count, after the leak detector's first judgements (every 5 s).
 *
 * <p>And the start leaves out what no request has asked for yet: the JVM's platform MBean server
 * is the largest such piece (building it registers every platform bean, JFR's included, a few
 * hundred classes). Jetty's default job queue built it at start to read one VM option; now a
 * route that needs it builds it. Watched with {@code -Xlog:class+load}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdleThreadsTest {
    private static final String MBEAN_SERVER = "com.sun.jmx.mbeanserver.JmxMBeanServer ";
    private final Map<String, ChildJvm> programs = new HashMap<>();
    private final Map<String, Long> started = new HashMap<>();

    static java.util.stream.Stream<String> jdkHomes() {
        return OptionalTool.jdkHomes();
    }

    @BeforeAll
    void startThePrograms() throws Exception {
        for (String home : jdkHomes().toList()) {
            if (Files.isExecutable(Path.of(home, "bin", "java"))) { // a missing JDK 25 skips in the test
                Path dir = Files.createTempDirectory("hatch-idle");
                programs.put(home, ChildJvm.start(Path.of(home), dir, Map.of(), List.of("-Xlog:class+load:file=" + dir.resolve("classes.txt"))));
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
    @Order(1)
    void anIdleEndpointKeepsTwoThreads(String javaHome) throws Exception {
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdkHomes")
    @Order(2)
    void theStartBuildsNoPlatformMBeanServerUntilARouteNeedsIt(String javaHome) throws Exception {
        OptionalTool.jdk(javaHome);
        ChildJvm c = programs.get(javaHome);
        Path classes = c.directory().resolve("classes.txt");
        assertThat(c.get("/ops/health", TestEndpoint.MONITOR).statusCode()).isEqualTo(200);
        assertThat(Files.readString(classes)).as("classes loaded by the start, the detector and a health check")
                .contains("dev.hatch.internal.endpoint.Endpoint ").doesNotContain(MBEAN_SERVER);
        // A live class histogram goes through the DiagnosticCommand bean, so it builds the server.
        assertThat(c.get("/ops/histogram", TestEndpoint.DUMP).statusCode()).isEqualTo(200);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.readString(classes).contains(MBEAN_SERVER) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(Files.readString(classes)).contains(MBEAN_SERVER);
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
