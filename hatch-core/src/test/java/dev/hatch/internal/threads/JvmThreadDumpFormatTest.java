package dev.hatch.internal.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Reading the JVM's JSON thread dump in the layouts of JDK 21 (numbers as strings, no state, no
 * virtual marker) and JDK 25 (state, {@code virtual}, {@code carrier}, locks), without a JVM of
 * that version: the documents below follow what those JDKs write.
 */
class JvmThreadDumpFormatTest {

    private static final String JDK21 = """
            {
              "threadDump": {
                "processId": "4242",
                "time": "2026-01-01T00:00:00Z",
                "runtimeVersion": "21.0.5+11",
                "threadContainers": [
                  {
                    "container": "<root>", "parent": null, "owner": null,
                    "threads": [
                      {"tid": "1", "name": "main", "stack": ["java.base\\/java.lang.Thread.sleep(Native Method)"]},
                      {"tid": "31", "name": "root-virtual", "stack": [
                        "java.base\\/java.lang.VirtualThread.park(VirtualThread.java:582)",
                        "app\\/\\/com.example.Worker.await(Worker.java:17)"]}
                    ],
                    "threadCount": "2"
                  },
                  {
                    "container": "java.util.concurrent.ThreadPerTaskExecutor@5ca881b5", "parent": "<root>", "owner": null,
                    "threads": [
                      {"tid": "32", "name": "", "stack": []},
                      {"tid": "33", "name": "worker \\"q\\" \\u00e9", "stack": []}
                    ],
                    "threadCount": "2"
                  }
                ]
              }
            }
            """;

    private static final String JDK25 = """
            {"threadDump": {"processId": "1", "threadContainers": [
              {"container": "<root>", "parent": null, "owner": null, "threads": [
                {"tid": "3", "time": "x", "name": "main", "state": "RUNNABLE", "stack": []},
                {"tid": "40", "time": "x", "virtual": true, "name": "pinned", "state": "WAITING",
                 "waitingOn": "java.lang.Object@35ef1869",
                 "stack": ["java.base\\/java.lang.Object.wait0(Native Method)", "app\\/\\/com.example.Job.run(Job.java:11)"],
                 "monitorsOwned": [{"depth": 1, "locks": ["java.lang.Object@35ef1869"]}],
                 "carrier": 24},
                {"tid": "41", "virtual": true, "name": "blocked", "state": "BLOCKED", "blockedOn": "com.example.Lock@1f",
                 "stack": []},
                {"tid": "42", "virtual": true, "name": "parked", "state": "WAITING",
                 "parkBlocker": {"object": "java.util.concurrent.locks.ReentrantLock$NonfairSync@7"}, "stack": []}
              ], "threadCount": 4}
            ]}}
            """;

    @Test
    void jdk21LayoutTellsVirtualThreadsByTheirIdsAndReadsStringNumbers() throws IOException {
        VirtualSnapshot s = VirtualSnapshot.read(new StringReader(JDK21), Set.of(1L), 100);
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.listed()).isEqualTo(3);
        assertThat(s.byState()).isEmpty();
        assertThat(s.containers()).extracting(VirtualSnapshot.Container::name)
                .containsExactly("<root>", "java.util.concurrent.ThreadPerTaskExecutor@5ca881b5");
        VirtualSnapshot.VThread root = s.containers().get(0).threads().get(0);
        assertThat(root.id()).isEqualTo(31);
        assertThat(root.name()).isEqualTo("root-virtual");
        assertThat(root.state()).isNull();
        assertThat(root.stack()).containsExactly("java.base/java.lang.VirtualThread.park(VirtualThread.java:582)",
                "app//com.example.Worker.await(Worker.java:17)");
        assertThat(s.containers().get(1).threads()).extracting(VirtualSnapshot.VThread::name)
                .containsExactly("", "worker \"q\" \u00e9");
        assertThat(s.containers().get(1).count()).isEqualTo(2);
    }

    @Test
    void jdk25LayoutCarriesStatesLocksAndCarriers() throws IOException {
        VirtualSnapshot s = VirtualSnapshot.read(new StringReader(JDK25), Set.of(), 100);
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.byState()).containsEntry("WAITING", 2).containsEntry("BLOCKED", 1);
        List<VirtualSnapshot.VThread> threads = s.containers().get(0).threads();
        VirtualSnapshot.VThread pinned = threads.get(0);
        assertThat(pinned.carrier()).isEqualTo(24L);
        assertThat(pinned.waitingOn()).isEqualTo("java.lang.Object@35ef1869");
        assertThat(pinned.lockedAt()).containsEntry(1, List.of("java.lang.Object@35ef1869"));
        assertThat(threads.get(1).waitingOn()).isEqualTo("com.example.Lock@1f");
        assertThat(threads.get(2).waitingOn()).isEqualTo("java.util.concurrent.locks.ReentrantLock$NonfairSync@7");

        Map<String, Object> json = ThreadJson.virtual(pinned, Map.of(24L, "ForkJoinPool-1-worker-1"));
        assertThat(json).containsEntry("virtual", true).containsEntry("state", "WAITING")
                .containsEntry("carrier", Map.of("id", 24L, "name", "ForkJoinPool-1-worker-1"))
                .containsEntry("waitingOn", Map.of("class", "java.lang.Object", "identityHashCode", 0x35ef1869));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> stack = (List<Map<String, Object>>) json.get("stack");
        assertThat(stack.get(1)).containsEntry("class", "com.example.Job").containsEntry("method", "run")
                .containsEntry("locked", List.of(Map.of("class", "java.lang.Object", "identityHashCode", 0x35ef1869)));
    }

    @Test
    void theLimitKeepsCountingButStopsListing() throws IOException {
        VirtualSnapshot s = VirtualSnapshot.read(new StringReader(JDK21), Set.of(1L), 1);
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.listed()).isEqualTo(1);
        assertThat(s.containers()).hasSize(1);
    }

    @Test
    void framesInEveryLayoutOfStackTraceElementToStringAreParsed() {
        assertThat(ThreadJson.frame("java.base/java.lang.Thread.sleep(Thread.java:540)"))
                .containsEntry("module", "java.base").containsEntry("class", "java.lang.Thread")
                .containsEntry("method", "sleep").containsEntry("file", "Thread.java").containsEntry("line", 540);
        assertThat(ThreadJson.frame("com.foo.loader/foo@9.0/com.foo.Main.run(Main.java:101)"))
                .containsEntry("module", "foo").containsEntry("class", "com.foo.Main").containsEntry("line", 101);
        assertThat(ThreadJson.frame("app//com.example.Job.run(Job.java:11)")).doesNotContainKey("module")
                .containsEntry("class", "com.example.Job");
        assertThat(ThreadJson.frame("java.base/java.lang.Object.wait0(Native Method)"))
                .containsEntry("native", true).containsEntry("file", null);
        assertThat(ThreadJson.frame("com.example.Main$$Lambda/0x0000000800c03000.run(Unknown Source)"))
                .containsEntry("class", "com.example.Main$$Lambda/0x0000000800c03000").containsEntry("method", "run")
                .containsEntry("line", -1).doesNotContainKey("module");
        assertThat(ThreadJson.frame("app//com.example.Main$$Lambda/0x01.run(Main.java)"))
                .containsEntry("class", "com.example.Main$$Lambda/0x01").containsEntry("file", "Main.java");
        assertThat(ThreadJson.identity("not an identity")).isEqualTo(Map.of("class", "not an identity"));
    }

    @Test
    void malformedDumpsFailWithAPosition() {
        assertThatThrownBy(() -> VirtualSnapshot.read(new StringReader("{\"threadDump\": {\"threadContainers\": [{"),
                Set.of(), 10)).isInstanceOf(IOException.class).hasMessageContaining("malformed thread dump at character");
        assertThatThrownBy(() -> VirtualSnapshot.read(new StringReader("{\"a\": tru}"), Set.of(), 10))
                .isInstanceOf(IOException.class);
    }
}
