package dev.hatch.internal.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hatch.ChildJvm;
import dev.hatch.TestEndpoint;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native-memory verdict on three real JVMs run side by side for two minutes, each with a flat
 * heap (64 MiB, fixed): one leaks direct buffers (2 MiB a second), one leaks threads (10 a second,
 * each having used some stack); the control only churns short-lived garbage, in a heap left to
 * size itself up to 256 MiB, so that its resident memory rises while the heap warms up. The leakers' verdicts must
 * name their category within two minutes (the bound: a deadline, not a timing claim);
 * the control must never read {@code likely}, in the container trend or in the leak report.
 * The detector judges every second here ({@code hatch.leaks.interval=1s}) so that the fast
 * tier's window is a minute; on the default 5 s it is five.
 */
class NativeLeakVerdictTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WINDOW_MS = 120_000;
    private static final Set<String> LEAK = Set.of("suspected", "likely");

    @TempDir
    Path workDir;

    @Test
    void nativeLeaksAreNamedAndAFlatProgramIsNotCalledALeak() throws Exception {
        List<String> heap = List.of("-Xms64m", "-Xmx64m", "-XX:MaxDirectMemorySize=1g");
        try (ChildJvm direct = ChildJvm.start(Path.of(System.getProperty("java.home")), dir("direct"), Map.of(), heap,
                "leaks-interval=1s", "direct-leak=2048");
             ChildJvm threads = ChildJvm.start(Path.of(System.getProperty("java.home")), dir("threads"), Map.of(), heap,
                     "leaks-interval=1s", "thread-leak=10");
             ChildJvm control = ChildJvm.start(Path.of(System.getProperty("java.home")), dir("control"), Map.of(), List.of("-Xmx256m"),
                     "leaks-interval=1s", "churn")) {
            long start = System.currentTimeMillis();
            Map<String, Long> namedAfterMs = new LinkedHashMap<>();
            Map<String, String> named = new LinkedHashMap<>();
            List<String> controlSeen = new ArrayList<>();
            JsonNode lastDirect = null;
            JsonNode lastThreads = null;
            while (System.currentTimeMillis() - start < WINDOW_MS) {
                lastDirect = trend(direct);
                lastThreads = trend(threads);
                note("direct", lastDirect, start, namedAfterMs, named);
                note("threads", lastThreads, start, namedAfterMs, named);
                JsonNode c = trend(control);
                String leaks = leakVerdict(control);
                controlSeen.add(c.path("verdict").asText() + "/" + leaks);
                assertThat(c.path("verdict").asText()).as("control trend: %s", c).isNotEqualTo("likely");
                assertThat(leaks).as("control leak report").isNotEqualTo("likely");
                Thread.sleep(2000);
            }
            System.out.println("native verdict named after (ms): " + namedAfterMs + " " + named + "; control verdicts: "
                    + controlSeen.stream().distinct().toList());
            assertThat(named).as("direct: %s", lastDirect).containsEntry("direct", "directBuffers");
            assertThat(named.get("threads")).as("threads: %s", lastThreads).isIn("threadStacks", "nmt.Thread");
            JsonNode report = JSON.readTree(direct.get("/ops/leaks", TestEndpoint.MONITOR).body());
            JsonNode nativeFacts = report.path("nonHeap").path("nativeMemory");
            assertThat(nativeFacts.path("growing").asText()).isEqualTo("directBuffers");
            assertThat(nativeFacts.path("verdict").asText()).isIn(LEAK);
            assertThat(report.path("verdict").asText()).isIn(LEAK);
        }
    }

    private Path dir(String name) throws Exception {
        return Files.createDirectories(workDir.resolve(name));
    }

    private static void note(String who, JsonNode trend, long start, Map<String, Long> after, Map<String, String> named) {
        if (!named.containsKey(who) && LEAK.contains(trend.path("verdict").asText()) && !trend.path("growing").isNull()) {
            after.put(who, System.currentTimeMillis() - start);
            named.put(who, trend.path("growing").asText());
        }
    }

    private static JsonNode trend(ChildJvm child) throws Exception {
        HttpResponse<String> r = child.get("/ops/memory/container", TestEndpoint.MONITOR);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("trend");
    }

    private static String leakVerdict(ChildJvm child) throws Exception {
        HttpResponse<String> r = child.get("/ops/leaks", TestEndpoint.MONITOR);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("verdict").asText();
    }
}
