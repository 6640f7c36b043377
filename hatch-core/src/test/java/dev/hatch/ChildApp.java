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
 * {@code tls=CERT.pem|KEY.pem} (serve HTTPS with that certificate and key), {@code known-states}
 * (threads in the states of {@link #plantKnownStates()}), {@code jfr} (the
 * continuous JFR recording, and a thread that keeps a CPU busy for profiles), {@code lambdas} (a
 * thread that computes through a lambda, a dynamic proxy and reflection, for frames of generated
 * and hidden classes), {@code root=SPEC}
 * and {@code root2=SPEC} (more tokens), {@code direct-buffers} (a command {@code direct-buffers}
 * that keeps 64 MiB of direct buffers, every page touched, for native-memory tests),
 * {@code direct-leak=KB} (a thread that keeps KB KiB of touched direct buffers every second),
 * {@code thread-leak=N} (N threads a second that use some stack and never end), {@code churn} (a
 * thread that allocates short-lived garbage at a steady rate: a flat control),
 * {@code cgroup-root=DIR} ({@code hatch.container.cgroup-root}), {@code trigger=NAME=JSON} and
 * {@code jfr-only} (the continuous recording without the busy thread).
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
        boolean knownStates = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("deadlocks")) {
                deadlocks = true;
            } else if (args[i].equals("known-states")) {
                knownStates = true;
            } else if (args[i].startsWith("root2=")) {
                b.token("root2", args[i].substring(6), Scope.MONITOR);
            } else if (args[i].startsWith("root=")) {
                b.token("root", args[i].substring(5), Scope.values());
            } else if (args[i].equals("jfr")) {
                b.jfrContinuous(true).jfrMaxAge(java.time.Duration.ofMinutes(2));
                start("busy", ChildApp::spin);
            } else if (args[i].equals("jfr-only")) {
                b.jfrContinuous(true).jfrMaxAge(java.time.Duration.ofMinutes(2));
            } else if (args[i].equals("lambdas")) {
                start("lambdas", ChildApp::throughGeneratedCode);
            } else if (args[i].startsWith("leaks-sample=")) {
                b.leakSampleInterval(java.time.Duration.parse("PT" + args[i].substring(13)));
            } else if (args[i].startsWith("leaks-interval=")) {
                b.leakInterval(java.time.Duration.parse("PT" + args[i].substring(15)));
            } else if (args[i].startsWith("leak=")) {
                int kbPerSecond = Integer.parseInt(args[i].substring(5));
                start("leaking", () -> leak(kbPerSecond));
            } else if (args[i].equals("no-histograms")) {
                b.leakHistograms(false);
            } else if (args[i].equals("direct-buffers")) {
                b.command(Command.builder("direct-buffers").timeLimit(java.time.Duration.ofSeconds(30))
                        .handler(arguments -> java.util.Map.of("buffers", keepDirectBuffers())).build());
            } else if (args[i].startsWith("direct-leak=")) {
                int kbPerSecond = Integer.parseInt(args[i].substring(12));
                start("direct-leaking", () -> leakDirect(kbPerSecond));
            } else if (args[i].startsWith("thread-leak=")) {
                int perSecond = Integer.parseInt(args[i].substring(12));
                start("thread-leaking", () -> leakThreads(perSecond));
            } else if (args[i].equals("churn")) {
                start("churning", ChildApp::churn);
            } else if (args[i].startsWith("cgroup-root=")) {
                b.containerCgroupRoot(Path.of(args[i].substring(12)));
            } else if (args[i].startsWith("trigger=")) {
                String[] nameJson = args[i].substring(8).split("=", 2);
                b.trigger(nameJson[0], nameJson[1]);
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
        if (knownStates) {
            plantKnownStates();
        }
        System.out.println("READY " + hatch.port());
        System.out.flush();
        while (System.in.read() != -1) {
            // runs until the parent closes our standard input
        }
        hatch.close();
        System.exit(0);
    }

    /**
     * Threads in the states a thread dump must tell apart, held until the JVM ends: one sleeping
     * while it holds a monitor and a {@link ReentrantLock}, one blocked on that monitor, one in
     * {@code Object.wait()}, one notified in {@code Object.wait()} but blocked re-locking because
     * the notifier sleeps holding the monitor, one parked on that lock, one sleeping, and on JDK 21+ a virtual
     * thread parked on the lock too. Returns once every one is in its state.
     */
    static void plantKnownStates() throws Exception {
        Object monitor = new Object();
        Object waitedOn = new Object();
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch holding = new CountDownLatch(1);
        start("known-holder", () -> {
            synchronized (monitor) {
                lock.lock();
                holding.countDown();
                sleepForever();
            }
        });
        holding.await();
        Thread blocked = start("known-blocked", () -> {
            synchronized (monitor) {
                sink++;
            }
        });
        Thread waiter = start("known-waiter", () -> {
            synchronized (waitedOn) {
                while (true) {
                    try {
                        waitedOn.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
        Object relock = new Object();
        Thread relocker = start("known-relocker", () -> {
            synchronized (relock) {
                try {
                    relock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        while (relocker.getState() != Thread.State.WAITING) {
            Thread.sleep(10);
        }
        start("known-notifier", () -> {
            synchronized (relock) {
                relock.notifyAll();
                sleepForever();
            }
        });
        Thread parker = start("known-parker", lock::lock);
        Thread sleeper = start("known-sleeper", ChildApp::sleepForever);
        Thread virtual = null;
        if (Runtime.version().feature() >= 21) {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> type = Class.forName("java.lang.Thread$Builder");
            builder = type.getMethod("name", String.class).invoke(builder, "known-virtual");
            virtual = (Thread) type.getMethod("start", Runnable.class).invoke(builder, (Runnable) lock::lock);
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && !(blocked.getState() == Thread.State.BLOCKED
                && relocker.getState() == Thread.State.BLOCKED
                && waiter.getState() == Thread.State.WAITING && parker.getState() == Thread.State.WAITING
                && sleeper.getState() == Thread.State.TIMED_WAITING
                && (virtual == null || virtual.getState() == Thread.State.WAITING))) {
            Thread.sleep(10);
        }
    }

    private static void sleepForever() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    /** What the proxy implements; public so that the proxy class lives in a dynamic module of its own. */
    public interface Work {
        long call(long x) throws Exception;
    }

    /** Every sample of this thread's computing has a lambda, a proxy and a reflective call on its stack. */
    private static void throughGeneratedCode() {
        try {
            java.lang.reflect.Method m = ChildApp.class.getDeclaredMethod("compute", long.class);
            Work reflective = x -> (Long) m.invoke(null, x);
            Work proxy = (Work) java.lang.reflect.Proxy.newProxyInstance(ChildApp.class.getClassLoader(), new Class<?>[] {Work.class},
                    (p, method, a) -> reflective.call((Long) a[0]));
            while (true) {
                sink = proxy.call(sink);
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long compute(long seed) {
        long x = seed;
        for (int i = 0; i < 1_000_000; i++) {
            x = x * 31 + i;
        }
        return x;
    }

    /** What {@link #leak} keeps: reachable forever. */
    static final java.util.List<byte[]> LEAKED = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    /** Keeps 8 KB chunks at the given rate and makes no garbage, so that no collection runs until the heap is nearly full. */
    /** Direct buffers kept for ever, every page written so that each is resident. */
    private static final java.util.List<java.nio.ByteBuffer> LEAKED_DIRECT = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static void leakDirect(int kbPerSecond) {
        while (true) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(kbPerSecond * 1024);
            for (int p = 0; p < b.capacity(); p += 4096) {
                b.put(p, (byte) 1);
            }
            LEAKED_DIRECT.add(b);
            if (!pause(1000)) {
                return;
            }
        }
    }

    private static void leakThreads(int perSecond) {
        for (int n = 0; ; n++) {
            for (int i = 0; i < perSecond; i++) {
                start("leaked-" + n + "-" + i, () -> {
                    deep(2000);
                    sleepForever();
                });
            }
            if (!pause(1000)) {
                return;
            }
        }
    }

    /** Touches some stack, as a thread that did work before it was forgotten has. */
    private static int deep(int depth) {
        long[] frame = {depth, depth * 31L, depth * 17L, depth * 7L};
        return depth == 0 ? (int) frame[1] : deep(depth - 1) + (int) frame[0];
    }

    /** Short-lived garbage at a steady rate, about 20 MB/s; nothing kept. */
    private static void churn() {
        while (true) {
            for (int i = 0; i < 200; i++) {
                sink += new byte[1024].length;
            }
            if (!pause(10)) {
                return;
            }
        }
    }

    private static boolean pause(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

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

    /** What {@link #keepDirectBuffers()} keeps: reachable forever. */
    static final java.util.List<java.nio.ByteBuffer> DIRECT = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    /** Keeps 64 direct buffers of 1 MiB, each page written so that it is resident, not only reserved. */
    private static int keepDirectBuffers() {
        for (int i = 0; i < 64; i++) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(1 << 20);
            for (int offset = 0; offset < buffer.capacity(); offset += 4096) {
                buffer.put(offset, (byte) 1);
            }
            DIRECT.add(buffer);
        }
        return DIRECT.size();
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

    private static Thread start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
