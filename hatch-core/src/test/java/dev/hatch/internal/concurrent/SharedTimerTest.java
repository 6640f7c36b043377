package dev.hatch.internal.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedTimerTest {
    private static boolean timerThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("hatch-timer") && t.isAlive());
    }

    private static void awaitNoTimerThread() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (timerThreadAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void handlesShareOneDaemonThreadThatEndsWithTheLastHandle() throws Exception {
        List<Thread> ran = new CopyOnWriteArrayList<>();
        CountDownLatch both = new CountDownLatch(2);
        SharedTimer a = SharedTimer.acquire();
        SharedTimer b = SharedTimer.acquire();
        try {
            a.execute(() -> { ran.add(Thread.currentThread()); both.countDown(); });
            b.execute(() -> { ran.add(Thread.currentThread()); both.countDown(); });
            assertThat(both.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).hasSize(2).allSatisfy(t -> assertThat(t.getName()).isEqualTo("hatch-timer"))
                    .allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
            assertThat(ran.get(0)).isSameAs(ran.get(1));
            a.close();
            assertThat(SharedTimer.running()).as("b still holds it").isTrue();
        } finally {
            a.close();
            b.close();
        }
        // Other tests in this JVM may hold handles of their own; when none does, the thread is gone.
        if (!SharedTimer.running()) {
            awaitNoTimerThread();
            assertThat(timerThreadAlive()).isFalse();
        }
    }

    @Test
    void aClosedHandleCancelsItsTasksAndRefusesNewOnes() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        SharedTimer other = SharedTimer.acquire();
        try {
            SharedTimer t = SharedTimer.acquire();
            AtomicInteger oneShot = new AtomicInteger();
            t.scheduleWithFixedDelay(runs::incrementAndGet, 0, 10, TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (runs.get() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            t.schedule(oneShot::incrementAndGet, 1, TimeUnit.SECONDS); // not tracked: it must see the close itself
            t.close();
            CountDownLatch after = new CountDownLatch(1);
            other.execute(after::countDown); // runs after whatever of t's was already running
            assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
            int seen = runs.get();
            CountDownLatch later = new CountDownLatch(1);
            other.schedule(later::countDown, 1500, TimeUnit.MILLISECONDS); // past the one-shot's time
            assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(runs.get()).as("no run after close").isEqualTo(seen);
            assertThat(oneShot.get()).as("a one-shot task pending at close does nothing").isZero();
            assertThatThrownBy(() -> t.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        } finally {
            other.close();
        }
    }

    @Test
    void aTaskThatThrowsKeepsItsScheduleAndSparesTheOthers() throws Exception {
        AtomicInteger failing = new AtomicInteger();
        CountDownLatch third = new CountDownLatch(3);
        CountDownLatch neighbour = new CountDownLatch(1);
        try (SharedTimer t = SharedTimer.acquire()) {
            t.scheduleWithFixedDelay(() -> {
                failing.incrementAndGet();
                third.countDown();
                throw new IllegalStateException("on purpose");
            }, 0, 10, TimeUnit.MILLISECONDS);
            t.schedule(neighbour::countDown, 30, TimeUnit.MILLISECONDS);
            assertThat(third.await(10, TimeUnit.SECONDS)).as("ran again after throwing").isTrue();
            assertThat(neighbour.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(failing.get()).isGreaterThanOrEqualTo(3);
    }
}
