package dev.hatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.JsonTree;
import dev.hatch.RouteTable;
import dev.hatch.TestEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JSON document a reading route answers, in memory: strict JSON (the independent parser
 * refuses duplicate keys and trailing tokens), typed {@code application/json}, and free of the
 * field names this release renamed: a quantity says its unit in its name ({@code usedBytes},
 * {@code cpuTimeMs}), the same name everywhere it occurs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonAnswersTest {
    /** The names renamed in 0.2 (CHANGELOG.md): none may come back. */
    private static final Set<String> RETIRED = Set.of("used", "committed", "init", "cpuMs", "capacityBytes");
    /** Reading routes whose answer is not JSON, or a whole heap, or needs seconds of sampling. */
    private static final Set<String> NOT_JSON = Set.of("/ops/metrics", "/ops/heapdump", "/ops/profile", "/ops/jfr");

    private HatchTestKit kit;

    @BeforeAll
    void start() {
        kit = Kits.start(b -> b.replEnabled(true));
    }

    @AfterAll
    void stop() {
        kit.close();
    }

    Stream<String> jsonReadingRoutes() {
        return RouteTable.ROUTES.stream()
                .filter(r -> r.method().equals("GET") && !r.path().contains("{") && !NOT_JSON.contains(r.path()))
                .map(RouteTable.Entry::path);
    }

    @ParameterizedTest(name = "GET {0}")
    @MethodSource("jsonReadingRoutes")
    void answersStrictJsonWithoutRetiredNames(String path) {
        String query = path.equals("/ops/threads/busiest") ? "?ms=10" : "";
        Reply r = kit.get(path + query).token(TestEndpoint.ALL).send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        Object doc = JsonTree.value(r.text());
        Set<String> keys = new TreeSet<>();
        collectKeys(doc, keys);
        assertThat(keys).as("keys of GET %s", path).isNotEmpty().doesNotContainAnyElementsOf(RETIRED);
    }

    @Test
    void theRenamedFiguresAreWhereTheChangelogSays() {
        Map<String, Object> memory = Kits.json(kit.get("/ops/memory").token(TestEndpoint.ALL).send());
        assertThat(asMap(memory.get("heap"))).containsOnlyKeys("initBytes", "usedBytes", "committedBytes", "maxBytes");
        assertThat(asList(memory.get("bufferPools"))).allSatisfy(b ->
                assertThat(asMap(b)).containsOnlyKeys("name", "count", "memoryUsedBytes", "totalCapacityBytes"));
        Map<String, Object> busiest = Kits.json(kit.get("/ops/threads/busiest?ms=10").token(TestEndpoint.ALL).send());
        List<Object> threads = asList(busiest.get("threads"));
        assertThat(threads).isNotEmpty().allSatisfy(t -> assertThat(asMap(t)).containsKey("cpuTimeMs"));
    }

    private static void collectKeys(Object node, Set<String> keys) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                keys.add((String) e.getKey());
                collectKeys(e.getValue(), keys);
            }
        } else if (node instanceof List<?> l) {
            for (Object o : new ArrayList<>(l)) {
                collectKeys(o, keys);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o) {
        return (List<Object>) o;
    }
}
