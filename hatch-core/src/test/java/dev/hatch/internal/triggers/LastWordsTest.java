package dev.hatch.internal.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hatch.ChildJvm;
import dev.hatch.OptionalTool;
import dev.hatch.TestEndpoint;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The last-words trigger in a real JVM whose cgroup root ({@code hatch.container.cgroup-root}) is
 * a cgroup v2 tree this test writes, moved the way the kernel moves it: {@code memory.current}
 * rising towards {@code memory.max}, then a new {@code max} count in {@code memory.events}, then
 * memory pressure. The tests never create, join or change a real cgroup. Each condition fires
 * the trigger once; the first bundle is downloaded and every section read back. On this JDK and on
 * JDK 25 (the recording is filtered differently from Java 19 on).
 */
class LastWordsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long LIMIT = 1L << 30;
    private static final String EVENTS = "low 0\nhigh %d\nmax %d\noom 0\noom_kill 0\noom_group_kill 0\n";
    private static final String PRESSURE = "some avg10=%s avg60=0.00 avg300=0.00 total=1000\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";

    @TempDir
    Path workDir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.hatch.OptionalTool#jdkHomes")
    void usageNearTheLimitNewEventsAndPressureEachStoreACompleteBundle(String javaHome) throws Exception {
        OptionalTool.jdk(javaHome);
        Path cgroup = Files.createDirectories(workDir.resolve("cgroup"));
        write(cgroup, "cgroup.controllers", "cpu io memory pids\n");
        write(cgroup, "memory.max", LIMIT + "\n");
        write(cgroup, "memory.stat", "anon 400000000\nfile 100000000\ninactive_file 0\n");
        write(cgroup, "memory.events", String.format(EVENTS, 0, 0));
        write(cgroup, "memory.pressure", String.format(PRESSURE, "0.00"));
        usage(cgroup, 50);
        Path dir = Files.createDirectories(workDir.resolve("app"));
        try (ChildJvm child = ChildJvm.start(Path.of(javaHome), dir, Map.of(),
                List.of("-XX:NativeMemoryTracking=summary"), "cgroup-root=" + cgroup, "jfr-only",
                "trigger=last-words={\"on\":\"container\",\"percent\":90,\"cooldown\":\"1s\",\"maxCount\":3}")) {
            JsonNode seen = JSON.readTree(child.get("/ops/memory/container", TestEndpoint.MONITOR).body()).path("cgroup");
            assertThat(seen.path("version").asText()).isEqualTo("v2");
            assertThat(seen.path("limitBytes").asLong()).isEqualTo(LIMIT);
            assertThat(seen.path("usageBytes").asLong()).isEqualTo(LIMIT / 2);

            for (int percent : new int[] {70, 85}) {
                usage(cgroup, percent);
                Thread.sleep(2_500); // more than two of the trigger's one-second checks
                assertThat(fired(child)).as("fired at %d%%", percent).isZero();
            }

            // 92 % of the limit, but a quarter of it inactive page cache the kernel would reclaim first:
            // the working set is 67 %, nothing fires. Then the cache is gone.
            usage(cgroup, 92);
            write(cgroup, "memory.stat", "anon 400000000\nfile 300000000\ninactive_file " + LIMIT / 4 + "\n");
            Thread.sleep(2_500);
            assertThat(fired(child)).as("fired on page cache").isZero();
            assertThat(trigger(child).path("state").path("lastChecked").asText()).as("the check runs").isNotEmpty();
            write(cgroup, "memory.stat", "anon 400000000\nfile 100000000\ninactive_file 0\n");
            awaitFired(child, 1);
            JsonNode bundle = onlyBundle(child);
            Map<String, byte[]> entries = unzip(download(child, bundle.path("id").asText()));
            assertThat(entries.keySet()).containsExactly("container.json", "nmt-summary.txt", "class-histogram.txt",
                    "threads.txt", "jfr-last-120s.jfr", "manifest.json");
            JsonNode manifest = JSON.readTree(entries.get("manifest.json"));
            assertThat(manifest.path("trigger").asText()).isEqualTo("last-words");
            assertThat(manifest.path("reason").asText()).contains("working set").contains("92.0% of its 1024 MB limit");
            for (JsonNode section : manifest.path("sections")) {
                assertThat(section.path("outcome").asText()).as(section.toString()).isEqualTo("ok");
                assertThat(section.path("bytes").asLong()).as(section.toString()).isEqualTo(entries.get(section.path("name").asText()).length);
            }
            JsonNode container = JSON.readTree(entries.get("container.json"));
            assertThat(container.path("cgroup").path("usageBytes").asLong()).isEqualTo(LIMIT * 92 / 100);
            assertThat(container.path("cgroup").path("stat").path("inactiveFileBytes").asLong()).isZero();
            assertThat(container.path("process").path("rssBytes").asLong()).isPositive();
            assertThat(container.path("jvm").path("nmt").path("enabled").asBoolean()).isTrue();
            assertThat(container.path("trend").path("verdict").isTextual()).isTrue();
            assertThat(text(entries, "nmt-summary.txt")).contains("Native Memory Tracking").contains("Total: reserved=");
            assertThat(text(entries, "class-histogram.txt")).contains("java.lang.String").contains("Total");
            assertThat(text(entries, "threads.txt")).contains("\"main\"").contains("java.lang.Thread.State");
            Path jfr = workDir.resolve("last.jfr");
            Files.write(jfr, entries.get("jfr-last-120s.jfr"));
            List<RecordedEvent> events = RecordingFile.readAllEvents(jfr);
            assertThat(events).isNotEmpty();
            assertThat(events).noneMatch(e -> e.getEventType().getName().equals("jdk.InitialEnvironmentVariable"));

            // The kernel counts usage hitting the limit: memory.events max 0 -> 1, usage back down to 60 %
            // (a count of reclaim at the limit is news while the working set is at least half of it).
            // First page cache alone reaching memory.high while the working set is 30 %: not news.
            usage(cgroup, 30);
            write(cgroup, "memory.events", String.format(EVENTS, 1, 0));
            Thread.sleep(2_500);
            assertThat(fired(child)).as("fired on reclaim of page cache").isEqualTo(1);
            usage(cgroup, 60);
            write(cgroup, "memory.events", String.format(EVENTS, 1, 1));
            awaitFired(child, 2);
            // Reclaim stalls: memory pressure over the 10 % default.
            write(cgroup, "memory.pressure", String.format(PRESSURE, "25.00"));
            awaitFired(child, 3);
            JsonNode state = trigger(child).path("state");
            assertThat(state.path("exhausted").asBoolean()).isTrue();

            List<String> reasons = Files.readAllLines(dir.resolve("audit.jsonl")).stream()
                    .filter(l -> l.contains("\"trigger\":\"last-words\""))
                    .map(l -> readTree(l).path("reason").asText()).toList();
            assertThat(reasons).hasSize(3);
            assertThat(reasons.get(1)).contains("memory.events max 0 -> 1");
            assertThat(reasons.get(2)).contains("memory pressure").contains("25.0%");
            HttpResponse<String> list = child.get("/ops/heapdumps", TestEndpoint.DUMP);
            assertThat(JSON.readTree(list.body()).findValuesAsText("kind")).containsOnly("bundle").hasSize(3);
        }
        try (var files = Files.list(dir.resolve("dumps"))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("nothing left beside the stored bundles").containsOnly("stored");
        }
    }

    private static JsonNode readTree(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void usage(Path cgroup, int percent) throws Exception {
        write(cgroup, "memory.current", (LIMIT * percent / 100) + "\n");
    }

    /** Replaces a file at once, as the kernel's files change: a reader never sees half of one. */
    private static void write(Path dir, String name, String text) throws Exception {
        Path tmp = dir.resolve("." + name + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static JsonNode trigger(ChildJvm child) throws Exception {
        HttpResponse<String> r = child.get("/ops/triggers", TestEndpoint.OPERATE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        for (JsonNode t : JSON.readTree(r.body()).path("triggers")) {
            if (t.path("name").asText().equals("last-words")) {
                return t;
            }
        }
        throw new AssertionError("no trigger last-words: " + r.body());
    }

    private static int fired(ChildJvm child) throws Exception {
        return trigger(child).path("state").path("fired").asInt();
    }

    private static void awaitFired(ChildJvm child, int count) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (fired(child) < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(fired(child)).as("fired; trigger %s", trigger(child)).isEqualTo(count);
    }

    private static JsonNode onlyBundle(ChildJvm child) throws Exception {
        HttpResponse<String> r = child.get("/ops/heapdumps", TestEndpoint.DUMP);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode all = JSON.readTree(r.body());
        JsonNode list = all.isArray() ? all : all.path("dumps");
        assertThat(list).as(r.body()).hasSize(1);
        JsonNode only = list.get(0);
        assertThat(only.path("kind").asText()).isEqualTo("bundle");
        assertThat(only.path("origin").asText()).isEqualTo("trigger:last-words");
        return only;
    }

    private static byte[] download(ChildJvm child, String id) throws Exception {
        HttpResponse<byte[]> r = child.getBytes("/ops/heapdumps/" + id, TestEndpoint.DUMP);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).contains("memory-bundle-" + id + ".zip");
        return r.body();
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static String text(Map<String, byte[]> entries, String name) {
        return new String(entries.get(name), StandardCharsets.UTF_8);
    }
}
