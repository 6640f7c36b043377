package dev.hatch;

import static dev.hatch.JsonTree.map;
import static dev.hatch.JsonTree.maps;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /ops/threads/deadlocks}. Planted deadlocks can never be freed, so they live in a
 * child JVM that ends with the test; the test JVM itself stays free of them.
 */
@Tag("multi-jdk")
@Timeout(120)
class DeadlockTest {

    @Test
    void withoutDeadlockTheAnswerIsEmpty() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            HttpResponse<String> r = e.get("/ops/threads/deadlocks", TestEndpoint.MONITOR);
            assertThat(r.statusCode()).isEqualTo(200);
            Map<String, Object> body = JsonTree.parse(r.body());
            assertThat(body).containsEntry("deadlocked", false).containsEntry("cycles", List.of());
        }
    }

    @Test
    void deadlocksOfMonitorsAndOfReentrantLocksAreFoundAsCycles(@TempDir Path dir) throws Exception {
        try (ChildJvm child = ChildJvm.start(dir, Map.of(), List.of(), "deadlocks")) {
            HttpResponse<String> r = child.get("/ops/threads/deadlocks", TestEndpoint.MONITOR);
            assertThat(r.statusCode()).isEqualTo(200);
            Map<String, Object> body = JsonTree.parse(r.body());
            assertThat(body).containsEntry("deadlocked", true);
            List<Map<String, Object>> cycles = maps(body.get("cycles"));
            assertThat(cycles).hasSize(2);

            Map<String, Object> monitors = cycleOf(cycles, "deadlock-monitor-1");
            assertThat(names(monitors)).containsExactlyInAnyOrder("deadlock-monitor-1", "deadlock-monitor-2");
            for (Map<String, Object> t : maps(monitors.get("threads"))) {
                assertThat(t.get("state")).isEqualTo("BLOCKED");
                Map<String, Object> waiting = map(t.get("waitingFor"));
                assertThat(map(waiting.get("lock")).get("class")).isEqualTo("java.lang.Object");
                assertThat(map(waiting.get("owner")).get("name")).isNotEqualTo(t.get("name")).asString().startsWith("deadlock-monitor-");
                List<Map<String, Object>> holds = maps(t.get("holds"));
                assertThat(holds).anySatisfy(h -> {
                    assertThat(h).containsEntry("kind", "monitor").containsEntry("class", "java.lang.Object");
                    assertThat(h.get("lockedIn").toString()).contains("ChildApp");
                });
            }
            assertThat(monitors.get("summary").toString()).contains("\"deadlock-monitor-1\" waits for java.lang.Object@");

            Map<String, Object> locks = cycleOf(cycles, "deadlock-lock-1");
            assertThat(names(locks)).containsExactlyInAnyOrder("deadlock-lock-1", "deadlock-lock-2");
            for (Map<String, Object> t : maps(locks.get("threads"))) {
                assertThat(t.get("state")).isEqualTo("WAITING");
                Map<String, Object> waiting = map(t.get("waitingFor"));
                assertThat(map(waiting.get("lock")).get("class").toString()).contains("ReentrantLock");
                assertThat(maps(t.get("holds"))).anySatisfy(h -> {
                    assertThat(h).containsEntry("kind", "synchronizer");
                    assertThat(h.get("class").toString()).contains("ReentrantLock");
                });
            }
        }
    }

    private static Map<String, Object> cycleOf(List<Map<String, Object>> cycles, String threadName) {
        return cycles.stream().filter(c -> names(c).contains(threadName)).findFirst()
                .orElseThrow(() -> new AssertionError("no cycle with " + threadName + " in " + cycles));
    }

    private static List<String> names(Map<String, Object> cycle) {
        return maps(cycle.get("threads")).stream()
                .map(t -> t.get("name").toString()).collect(Collectors.toList());
    }
}
