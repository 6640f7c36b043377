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
        HttpResponse<String> r = endpoint.get("/ops/threads", TestEndpoint.MONITOR);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        Map<String, Object> body = JsonTree.parse(r.body());
        List<Map<String, Object>> threads = (List<Map<String, Object>>) body.get("threads");
        Map<String, Object> t = threads.stream().filter(m -> m.get("name").equals("lock-holder-for-test")).findFirst().orElseThrow();
        assertThat(t.get("state")).isEqualTo("WAITING");
        assertThat(t.get("lockedSynchronizers").toString()).contains("ReentrantLock");
        assertThat(t.get("stack").toString()).contains("locked").contains("java.lang.Object");
    }

    @Test
    void textIsJstackStyle() throws Exception {
        for (HttpResponse<String> r : List.of(endpoint.get("/ops/threads?format=text", TestEndpoint.MONITOR),
                endpoint.client().send(endpoint.request("/ops/threads", TestEndpoint.MONITOR).header("Accept", "text/plain").build(),
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
