package dev.hatch.internal.threads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.internal.http.Json;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * {@link ThreadJson#writeThread} writes exactly the document {@link ThreadJson#thread} builds,
 * for every thread of this JVM, including one holding a monitor and a lock (locked frames,
 * synchronizers), one blocked on that monitor (waitingOn, lockOwner) and one with a name that
 * needs escaping.
 */
class ThreadJsonWriterTest {
    @Test
    void theDirectWriterWritesWhatTheMapsSay() throws Exception {
        Object monitor = new Object();
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (monitor) {
                lock.lock();
                try {
                    holding.countDown();
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    lock.unlock();
                }
            }
        }, "holder \"quoted\"\t\u00e9");
        holder.start();
        holding.await();
        Thread blocked = new Thread(() -> {
            synchronized (monitor) {
                monitor.hashCode();
            }
        }, "blocked");
        blocked.start();
        while (blocked.getState() != Thread.State.BLOCKED) {
            Thread.sleep(5);
        }
        try {
            ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            ThreadInfo[] infos = bean.dumpAllThreads(true, true);
            boolean sawLocked = false;
            boolean sawOwner = false;
            boolean sawSynchronizer = false;
            for (ThreadInfo t : infos) {
                StringBuilder direct = new StringBuilder();
                ThreadJson.writeThread(direct, t, 1_234_567L, true);
                String viaMaps = Json.write(ThreadJson.thread(t, 1_234_567L));
                assertThat(Json.parse(direct.toString())).as(t.getThreadName()).isEqualTo(Json.parse(viaMaps));
                // Without synchronizers asked for (the default): the same document less that key.
                StringBuilder plain = new StringBuilder();
                ThreadJson.writeThread(plain, t, 1_234_567L, false);
                java.util.Map<String, Object> less = new java.util.LinkedHashMap<>(ThreadJson.thread(t, 1_234_567L));
                less.remove("lockedSynchronizers");
                assertThat(Json.parse(plain.toString())).as(t.getThreadName()).isEqualTo(Json.parse(Json.write(less)));
                sawLocked |= direct.indexOf("\"locked\":[") >= 0;
                sawOwner |= direct.indexOf("\"lockOwner\":{") >= 0;
                sawSynchronizer |= direct.indexOf("\"lockedSynchronizers\":[{") >= 0;
            }
            assertThat(sawLocked && sawOwner && sawSynchronizer).as("the locks were in the dump").isTrue();
            StringBuilder none = new StringBuilder();
            ThreadJson.writeThread(none, infos[0], null, true);
            assertThat(none.indexOf("cpuTimeMs")).as("no CPU time, no key").isNegative();
        } finally {
            release.countDown();
            holder.join();
            blocked.join();
        }
    }
}
