package dev.hatch;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A small application run in a child JVM by {@link ChildJvm}: starts Hatch with the test kit's
 * tokens, optionally plants deadlocks that can never be freed (which is why they live in a JVM
 * of their own), prints {@code READY <port>} and runs until its standard input closes.
 *
 * <p>Arguments: the private directory, then any of {@code deadlocks}, {@code mask=WORD} and
 * {@code tls=CERT.pem|KEY.pem} (serve HTTPS with that certificate and key), {@code jfr} (the
 * continuous JFR recording, and a thread that keeps a CPU busy for profiles), {@code root=SPEC}
 * and {@code root2=SPEC} (more tokens).
 */
public final class ChildApp {
    private ChildApp() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Hatch.Builder b = Hatch.builder().port(0)
                .auditFile(dir.resolve("audit.jsonl"))
                .dumpDirectory(dir.resolve("dumps"))
                .token("monitor", TestEndpoint.spec(TestEndpoint.MONITOR), Scope.MONITOR)
                .token("operate", TestEndpoint.spec(TestEndpoint.OPERATE), Scope.OPERATE)
                .token("dump", TestEndpoint.spec(TestEndpoint.DUMP), Scope.DUMP);
        boolean deadlocks = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("deadlocks")) {
                deadlocks = true;
            } else if (args[i].startsWith("root2=")) {
                b.token("root2", args[i].substring(6), Scope.MONITOR);
            } else if (args[i].startsWith("root=")) {
                b.token("root", args[i].substring(5), Scope.values());
            } else if (args[i].equals("jfr")) {
                b.jfrContinuous(true).jfrMaxAge(java.time.Duration.ofMinutes(2));
                start("busy", ChildApp::spin);
            } else if (args[i].startsWith("leaks-sample=")) {
                b.leakSampleInterval(java.time.Duration.parse("PT" + args[i].substring(13)));
            } else if (args[i].startsWith("leaks-interval=")) {
                b.leakInterval(java.time.Duration.parse("PT" + args[i].substring(15)));
            } else if (args[i].startsWith("leak=")) {
                int kbPerSecond = Integer.parseInt(args[i].substring(5));
                start("leaking", () -> leak(kbPerSecond));
            } else if (args[i].equals("no-histograms")) {
                b.leakHistograms(false);
            } else if (args[i].startsWith("mask=")) {
                b.maskKeys(args[i].substring(5));
            } else if (args[i].startsWith("tls=")) {
                String[] files = args[i].substring(4).split("\\|");
                b.tls(t -> t.pem(Path.of(files[0]), Path.of(files[1])));
            }
        }
        Hatch hatch = b.start();
        if (deadlocks) {
            plantMonitorDeadlock();
            plantLockDeadlock();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (deadlocked() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        System.out.println("READY " + hatch.port());
        System.out.flush();
        while (System.in.read() != -1) {
            // runs until the parent closes our standard input
        }
        hatch.close();
        System.exit(0);
    }

    private static int deadlocked() {
        long[] ids = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        return ids == null ? 0 : ids.length;
    }

    private static void plantMonitorDeadlock() {
        Object first = new Object();
        Object second = new Object();
        CountDownLatch bothHold = new CountDownLatch(2);
        start("deadlock-monitor-1", () -> {
            synchronized (first) {
                arrive(bothHold);
                synchronized (second) {
                    bothHold.countDown();
                }
            }
        });
        start("deadlock-monitor-2", () -> {
            synchronized (second) {
                arrive(bothHold);
                synchronized (first) {
                    bothHold.countDown();
                }
            }
        });
    }

    private static void plantLockDeadlock() {
        Lock first = new ReentrantLock();
        Lock second = new ReentrantLock();
        CountDownLatch bothHold = new CountDownLatch(2);
        start("deadlock-lock-1", () -> {
            first.lock();
            arrive(bothHold);
            second.lock();
        });
        start("deadlock-lock-2", () -> {
            second.lock();
            arrive(bothHold);
            first.lock();
        });
    }

    private static volatile long sink;

    /** What {@link #leak} keeps: reachable forever. */
    static final java.util.List<byte[]> LEAKED = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    /** Keeps 8 KB chunks at the given rate and makes no garbage, so that no collection runs until the heap is nearly full. */
    private static void leak(int kbPerSecond) {
        long start = System.nanoTime();
        for (long n = 1; ; n++) {
            LEAKED.add(new byte[8192]);
            long due = start + n * 8_000_000_000L / kbPerSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Computes about half the time, so that CPU profiles have samples without taking a whole core. */
    private static void spin() {
        long x = 0;
        while (true) {
            for (int i = 0; i < 1_000_000; i++) {
                x = x * 31 + i;
            }
            sink = x;
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void arrive(CountDownLatch latch) {
        latch.countDown();
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }
}
