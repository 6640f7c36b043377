package dev.hatch.internal.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.JsonTree;
import dev.hatch.TestEndpoint;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GET /ops/memory/container and POST /ops/memory/trim on a real endpoint with a real client: who
 * may call them, what they answer on this machine, and how they are audited (the metrics are
 * tested in MetricsRouteTest).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerRoutesTest {
    private TestEndpoint endpoint;

    @BeforeAll
    void start() throws Exception {
        endpoint = TestEndpoint.start();
    }

    @AfterAll
    void stop() throws Exception {
        endpoint.close();
    }

    /** Method, path, a token with the scope, a token without it, the scope. */
    Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of("GET", "/ops/memory/container", TestEndpoint.MONITOR, TestEndpoint.DUMP, "monitor"),
                Arguments.of("POST", "/ops/memory/trim", TestEndpoint.OPERATE, TestEndpoint.MONITOR, "operate"));
    }

    @ParameterizedTest(name = "{0} {1} without a token: 401")
    @MethodSource("routes")
    void withoutATokenIs401(String method, String path, String allowed, String lacking, String scope) throws Exception {
        HttpResponse<String> answer = endpoint.send(method, path, null, null);
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(answer.body()).doesNotContain("rss", "cgroup");
    }

    @ParameterizedTest(name = "{0} {1} with a token lacking {4}: 403")
    @MethodSource("routes")
    void aTokenWithoutTheScopeIs403(String method, String path, String allowed, String lacking, String scope) throws Exception {
        HttpResponse<String> answer = endpoint.send(method, path, lacking, null);
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat((String) JsonTree.parse(answer.body()).get("detail")).contains(scope);
    }

    @Test
    void containerAnswersTheSnapshotOfThisMachine() throws Exception {
        ContainerMemorySnapshot here = ContainerMemory.live().snapshot();
        HttpResponse<String> answer = endpoint.get("/ops/memory/container", TestEndpoint.MONITOR);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        Map<String, Object> body = JsonTree.parse(answer.body());
        assertThat(body).containsKeys("cgroup", "process", "jvm", "notAccounted", "notes");
        Map<String, Object> cgroup = JsonTree.map(body.get("cgroup"));
        assertThat(cgroup).containsEntry("version", here.cgroup().version()).containsEntry("limited", here.cgroup().limited());
        if (!here.cgroup().limited()) {
            // No limit (this sandbox: cgroup v1 without one): none is invented.
            assertThat(cgroup).doesNotContainKeys("limitBytes", "headroomBytes");
        }
        if (!here.cgroup().version().equals("none")) {
            assertThat(number(cgroup.get("usageBytes"))).isPositive();
        }
        Map<String, Object> process = JsonTree.map(body.get("process"));
        assertThat(number(process.get("rssBytes"))).isPositive();
        Map<String, Object> heap = JsonTree.map(JsonTree.map(body.get("jvm")).get("heap"));
        assertThat(number(heap.get("committedBytes"))).isPositive();
        Map<String, Object> notAccounted = JsonTree.map(body.get("notAccounted"));
        assertThat(number(notAccounted.get("differenceBytes")))
                .isEqualTo(number(notAccounted.get("rssBytes")) - number(notAccounted.get("accountedBytes")));
    }

    @Test
    void containerTakesNoQueryParameters() throws Exception {
        assertThat(endpoint.get("/ops/memory/container?verbose=true", TestEndpoint.MONITOR).statusCode()).isEqualTo(400);
    }

    @Test
    void trimAnswersTheRssBeforeAndAfterAndIsAuditedWithAnIntentFirst() throws Exception {
        boolean available = new NativeTrim().missing() == null;
        HttpResponse<String> answer = endpoint.send("POST", "/ops/memory/trim", TestEndpoint.OPERATE, null);
        Map<String, Object> body = JsonTree.parse(answer.body());
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        if (available) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(body).containsEntry("command", "System.trim_native_heap");
            long before = number(body.get("rssBeforeBytes"));
            long after = number(body.get("rssAfterBytes"));
            assertThat(before).isPositive();
            assertThat(after).isPositive();
            assertThat(number(body.get("rssFellBytes"))).isEqualTo(before - after);
            assertThat((String) body.get("jvmOutput")).startsWith("Trim native heap");
        } else {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
            assertThat((String) body.get("detail")).contains("System.trim_native_heap");
        }

        List<Map<String, Object>> records = auditRecords("memory-trim", "operate");
        assertThat(records).extracting(r -> r.get("type")).startsWith("intent");
        assertThat(records.get(records.size() - 1)).containsEntry("status", new BigDecimal(answer.statusCode()));
    }

    @Test
    void aJvmWithoutTheCommandIsToldWhatIsMissing() {
        String missing = new NativeTrim("noSuchDiagnosticCommand").missing();
        assertThat(missing).contains("System.trim_native_heap", Runtime.version().toString(), "JDK 18");
    }

    /** The audit records of one route and principal, once its outcome record is there. */
    private List<Map<String, Object>> auditRecords(String route, String principal) throws Exception {
        List<Map<String, Object>> records = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + 5_000_000_000L;
        do {
            records.clear();
            for (String line : Files.readAllLines(endpoint.hatch().auditFile())) {
                Map<String, Object> record = JsonTree.parse(line);
                if (route.equals(record.get("route")) && principal.equals(record.get("principal"))) {
                    records.add(record);
                }
            }
            // The outcome record is written after the response: wait for it.
            if (records.size() >= 2) {
                return records;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return records;
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
