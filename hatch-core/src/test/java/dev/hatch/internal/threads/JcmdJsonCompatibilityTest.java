package dev.hatch.internal.threads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.ChildJvm;
import dev.hatch.JsonTree;
import dev.hatch.TestEndpoint;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code GET /ops/threads?format=jcmd-json} against the real {@code jcmd PID Thread.dump_to_file
 * -format=json} of a JDK 25 child JVM holding threads in known states. Rows: a JDK 17 child
 * (Hatch writes the schema itself), a JDK 25 child (the JVM's own dump, passed through) and a
 * JDK 25 child with {@code virtual=false} (Hatch's writer on 25). Every row must use only keys and
 * types the real document uses, and give each known thread the same keys, state and own frames.
 */
@Timeout(300)
class JcmdJsonCompatibilityTest {
    private static final List<String> KNOWN = List.of("known-holder", "known-blocked", "known-waiter", "known-relocker",
            "known-notifier", "known-parker", "known-sleeper");

    @TempDir
    static Path shared;
    private static ChildJvm reference;
    private static Map<String, Object> real;

    @TempDir
    Path dir;

    @BeforeAll
    static void realJcmdOutput() throws Exception {
        Path home = JdkTools.jdk25();
        Path childDir = Files.createDirectories(shared.resolve("reference"));
        reference = ChildJvm.start(home, childDir, Map.of(), List.of(), "known-states");
        Path file = shared.resolve("jcmd.json");
        JdkTools.run(home, shared, "jcmd", Long.toString(reference.pid()), "Thread.dump_to_file", "-format=json", file.toString());
        real = JsonTree.parse(Files.readString(file));
    }

    @AfterAll
    static void stopReference() throws Exception {
        if (reference != null) {
            reference.close();
        }
    }

    @ParameterizedTest(name = "JDK {0} {1}")
    @CsvSource({"17, ''", "25, ''", "25, &virtual=false"})
    void hatchWritesTheSchemaOfJcmd(String feature, String query) throws Exception {
        Path home = JdkTools.jdk(feature);
        try (ChildJvm child = ChildJvm.start(home, dir, Map.of(), List.of(), "known-states")) {
            HttpResponse<String> r = child.get("/ops/threads?format=jcmd-json" + query, TestEndpoint.MONITOR);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            boolean passedThrough = feature.equals("25") && query.isEmpty();
            assertThat(r.headers().firstValue("Hatch-Virtual-Threads").isPresent()).isEqualTo(!passedThrough);
            Map<String, Object> hatch = JsonTree.parse(r.body());

            Set<String> realSchema = schema(real);
            assertThat(schema(hatch)).as("keys and types unknown to jcmd's document").isSubsetOf(realSchema);
            Map<String, Object> dump = map(hatch.get("threadDump"));
            assertThat(dump.keySet()).containsExactly("processId", "time", "runtimeVersion", "threadContainers");
            assertThat(dump.get("processId")).isEqualTo(Long.toString(child.pid()));
            assertThat(dump.get("runtimeVersion").toString()).startsWith(feature);
            Map<String, Object> root = maps(dump.get("threadContainers")).get(0);
            assertThat(root.keySet()).containsExactly("container", "parent", "owner", "threads", "threadCount");
            assertThat(root).containsEntry("container", "<root>").containsEntry("parent", null);

            Map<String, Map<String, Object>> mine = threads(hatch);
            Map<String, Map<String, Object>> theirs = threads(real);
            for (String name : KNOWN) {
                Map<String, Object> h = mine.get(name);
                Map<String, Object> j = theirs.get(name);
                assertThat(h).as(name).isNotNull();
                assertThat(schema(h)).as(name).isEqualTo(schema(j));
                assertThat(h.get("state")).as(name).isEqualTo(j.get("state"));
                assertThat(ownFrames(h)).as(name).isEqualTo(ownFrames(j));
                assertThat(Long.parseLong(h.get("tid").toString())).isPositive();
            }
            String monitor = lockAt(mine.get("known-holder"));
            assertThat(mine.get("known-blocked").get("blockedOn")).isEqualTo(monitor);
            assertThat(monitor).startsWith("java.lang.Object@");
            assertThat(mine.get("known-waiter").get("waitingOn")).isEqualTo(lockAt(mine.get("known-waiter")));
            assertThat(mine.get("known-relocker")).doesNotContainKey("blockedOn");
            assertThat(lockAt(mine.get("known-relocker"))).isEqualTo(lockAt(mine.get("known-notifier")));
            assertThat(map(mine.get("known-parker").get("parkBlocker")).get("object").toString())
                    .startsWith("java.util.concurrent.locks.ReentrantLock$NonfairSync@");
            if (feature.equals("25")) {
                // the stack of the JVM's own dump, hidden frames left out as the JVM does
                for (String name : KNOWN) {
                    assertThat(mine.get(name).get("stack")).as(name).isEqualTo(theirs.get(name).get("stack"));
                }
            }
            // The file is deleted once the response has been written: the client may see the end first.
            long deadline = System.nanoTime() + 10_000_000_000L;
            List<Path> left = threadDumpFiles(child.directory().resolve("dumps"));
            while (!left.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
                left = threadDumpFiles(child.directory().resolve("dumps"));
            }
            assertThat(left).as("dump files left behind").isEmpty();
            assertThat(mine.containsKey("known-virtual")).isEqualTo(passedThrough);
            if (passedThrough) {
                assertThat(mine.get("known-virtual")).containsEntry("virtual", true).containsEntry("state", "WAITING");
            }
        }
    }

    private static List<Path> threadDumpFiles(Path dumps) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dumps)) {
            return files.filter(f -> f.getFileName().toString().startsWith("threads-")).toList();
        }
    }

    /** Every path in the document with the JSON type found there, e.g. {@code threadDump.threadContainers[].threads[].tid:string}. */
    static Set<String> schema(Object node) {
        Set<String> out = new TreeSet<>();
        walk("", node, out);
        return out;
    }

    private static void walk(String path, Object node, Set<String> out) {
        String type = node == null ? "null" : node instanceof Map ? "object" : node instanceof List ? "array"
                : node instanceof String ? "string" : node instanceof Boolean ? "boolean" : "number";
        out.add(path + ":" + type);
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(path.isEmpty() ? k.toString() : path + "." + k, v, out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> walk(path + "[]", v, out));
        }
    }

    private static Map<String, Map<String, Object>> threads(Map<String, Object> doc) {
        Map<String, Map<String, Object>> byName = new java.util.HashMap<>();
        for (Map<String, Object> c : maps(map(doc.get("threadDump")).get("threadContainers"))) {
            for (Map<String, Object> t : maps(c.get("threads"))) {
                byName.put(t.get("name").toString(), t);
            }
        }
        return byName;
    }

    /** The frames of the test's own classes, the same text on every JDK. */
    private static List<String> ownFrames(Map<String, Object> thread) {
        return ((List<?>) thread.get("stack")).stream().map(Object::toString).filter(f -> f.contains("dev.hatch."))
                .collect(Collectors.toList());
    }

    private static String lockAt(Map<String, Object> thread) {
        List<Map<String, Object>> owned = maps(thread.get("monitorsOwned"));
        assertThat(owned).as(thread.get("name") + " owns a monitor").hasSize(1);
        return ((List<?>) owned.get(0).get("locks")).get(0).toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object o) {
        return o == null ? new ArrayList<>() : (List<Map<String, Object>>) o;
    }
}
