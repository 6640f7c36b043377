package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Thread dumps as JSON and as jstack-style text, with locks and synchronizers. */
@Tag("multi-jdk")
class ThreadDumpTest {
    private final Object monitor = new Object();
    private final ReentrantLock lock = new ReentrantLock();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch holding = new CountDownLatch(1);
    private Thread holder;
    private TestEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        holder = new Thread(() -> {
            synchronized (monitor) {
                lock.lock();
                try {
                    holding.countDown();
                    release.await();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                } finally {
                    lock.unlock();
                }
            }
        }, "lock-holder-for-test");
        holder.setDaemon(true);
        holder.start();
        holding.await();
        endpoint = TestEndpoint.start();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        holder.join(5000);
        endpoint.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonNamesThreadsWithTheirLocks() throws Exception {
        HttpResponse<String> r = endpoint.get("/ops/threads?synchronizers=true", TestEndpoint.MONITOR);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().firstValue("Hatch-Thread-Locks")).hasValue("monitors=true, synchronizers=true");
        Map<String, Object> body = JsonTree.parse(r.body());
        assertThat(body.get("locks")).isEqualTo(Map.of("monitors", true, "synchronizers", true));
        Map<String, Object> t = thread(body, "lock-holder-for-test");
        assertThat(t.get("state")).isEqualTo("WAITING");
        assertThat(t.get("lockedSynchronizers").toString()).contains("ReentrantLock");
        assertThat(t.get("stack").toString()).contains("locked").contains("java.lang.Object");
    }

    /**
     * Ownable synchronizers cost a walk over every object on the heap inside the dump's pause, so
     * by default they are not gathered (as plain jstack); the monitors are, and a waiting thread
     * still names the lock and its owner.
     */
    @Test
    void synchronizersOnlyWhenAskedAndMonitorsCanBeLeftOut() throws Exception {
        HttpResponse<String> r = endpoint.get("/ops/threads", TestEndpoint.MONITOR);
        assertThat(r.headers().firstValue("Hatch-Thread-Locks")).hasValue("monitors=true, synchronizers=false");
        Map<String, Object> body = JsonTree.parse(r.body());
        assertThat(body.get("locks")).isEqualTo(Map.of("monitors", true, "synchronizers", false));
        Map<String, Object> t = thread(body, "lock-holder-for-test");
        assertThat(t).doesNotContainKey("lockedSynchronizers");
        assertThat(t.get("stack").toString()).contains("locked").contains("java.lang.Object");

        Map<String, Object> none = JsonTree.parse(endpoint.get("/ops/threads?monitors=false", TestEndpoint.MONITOR).body());
        assertThat(none.get("locks")).isEqualTo(Map.of("monitors", false, "synchronizers", false));
        assertThat(thread(none, "lock-holder-for-test").get("stack").toString()).doesNotContain("locked");

        String text = endpoint.get("/ops/threads?format=text", TestEndpoint.MONITOR).body();
        assertThat(text).contains("\"lock-holder-for-test\" #").doesNotContain("Locked ownable synchronizers");
        for (String bad : List.of("monitors=maybe", "synchronizers=1x")) {
            HttpResponse<String> refused = endpoint.get("/ops/threads?" + bad, TestEndpoint.MONITOR);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
    }

    /**
     * JDK 17 finds each thread's monitors by scanning every monitor in use, per thread, inside
     * the pause (3 s for 10,000 threads waiting on a monitor each); past 2,000 threads it leaves
     * them out and says so, unless asked. JDK 18+ gather them as usual.
     */
    @Test
    void manyThreadsOnJdk17LeaveMonitorsOutAndSaySo() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        List<Thread> waiting = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 2_050; i++) {
                Thread w = new Thread(() -> {
                    try {
                        done.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "many-" + i);
                w.setDaemon(true);
                w.start();
                waiting.add(w);
            }
            HttpResponse<String> r = endpoint.get("/ops/threads", TestEndpoint.MONITOR);
            Map<String, Object> locks = JsonTree.parse(r.body()).get("locks") instanceof Map<?, ?> m ? cast(m) : Map.of();
            if (Runtime.version().feature() < 18) {
                assertThat(locks).containsEntry("monitors", false);
                assertThat(locks.get("note").toString()).contains("monitors=true");
                assertThat(r.headers().firstValue("Hatch-Thread-Locks").orElseThrow()).startsWith("monitors=false").contains("JDK 17");
                Map<String, Object> asked = JsonTree.parse(endpoint.get("/ops/threads?monitors=true", TestEndpoint.MONITOR).body());
                assertThat(asked.get("locks")).isEqualTo(Map.of("monitors", true, "synchronizers", false));
                assertThat(thread(asked, "lock-holder-for-test").get("stack").toString()).contains("locked");
            } else {
                assertThat(locks).isEqualTo(Map.of("monitors", true, "synchronizers", false));
            }
        } finally {
            done.countDown();
            for (Thread w : waiting) {
                w.join(5000);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> thread(Map<String, Object> body, String name) {
        List<Map<String, Object>> threads = (List<Map<String, Object>>) body.get("threads");
        return threads.stream().filter(m -> m.get("name").equals(name)).findFirst().orElseThrow();
    }

    @Test
    void textIsJstackStyle() throws Exception {
        for (HttpResponse<String> r : List.of(endpoint.get("/ops/threads?format=text&synchronizers=true", TestEndpoint.MONITOR),
                endpoint.client().send(endpoint.request("/ops/threads?synchronizers=true", TestEndpoint.MONITOR)
                                .header("Accept", "text/plain").build(),
                        HttpResponse.BodyHandlers.ofString()))) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
            String text = r.body();
            assertThat(text).contains("Full thread dump ");
            int at = text.indexOf("\"lock-holder-for-test\" #");
            assertThat(at).isPositive();
            String block = text.substring(at, text.indexOf("\n\n\"", at) > 0 ? text.indexOf("\n\n\"", at) : text.length());
            assertThat(block).contains("   java.lang.Thread.State: WAITING (parking)")
                    .contains("\tat ")
                    .contains("\t- parking to wait for  <0x")
                    .containsPattern("\t- locked <0x[0-9a-f]{16}> \\(a java.lang.Object\\)")
                    .contains("   Locked ownable synchronizers:\n\t- <0x")
                    .contains("ReentrantLock$NonfairSync");
        }
    }

    @Test
    void unknownFormatIsRefusedNamingTheAcceptedOnes() throws Exception {
        HttpResponse<String> r = endpoint.get("/ops/threads?format=jstack", TestEndpoint.MONITOR);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JsonTree.parse(r.body()).get("detail").toString()).contains("json, text, jcmd-json").contains("'jstack'");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jcmdJsonHasTheJvmsSchemaAndTheHolderItsLock() throws Exception {
        HttpResponse<String> r = endpoint.get("/ops/threads?format=jcmd-json", TestEndpoint.MONITOR);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        Map<String, Object> dump = (Map<String, Object>) JsonTree.parse(r.body()).get("threadDump");
        assertThat(dump).containsKeys("processId", "time", "runtimeVersion", "threadContainers");
        Map<String, Object> t = ((List<Map<String, Object>>) dump.get("threadContainers")).stream()
                .flatMap(c -> ((List<Map<String, Object>>) c.get("threads")).stream())
                .filter(m -> m.get("name").equals("lock-holder-for-test")).findFirst().orElseThrow();
        assertThat(t.get("tid")).isEqualTo(Long.toString(holder.getId()));
        assertThat(t.get("state")).isEqualTo("WAITING");
        assertThat(t.get("monitorsOwned").toString()).contains("java.lang.Object@" + Integer.toHexString(System.identityHashCode(monitor)));
    }
}
