package dev.hatch.internal.concurrent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every thread Hatch starts in its host's JVM comes from here: a daemon (it never keeps the
 * host from exiting), named {@code hatch-...} (so an operator reading a thread dump knows whose
 * it is), and without the creating thread's inheritable thread-locals (so the host's context,
 * such as a request's MDC, is neither copied nor kept alive).
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** A factory whose threads all carry {@code name}: for single-thread executors. */
    public static ThreadFactory named(String name) {
        return r -> thread(name, r);
    }

    /** A factory whose threads are named {@code prefix-1}, {@code prefix-2}, ...: for pools. */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> thread(prefix + "-" + n.incrementAndGet(), r);
    }

    /** A new, not yet started daemon thread named {@code name} running {@code task}. */
    public static Thread thread(String name, Runnable task) {
        Thread t = new Thread(null, task, name, 0, false);
        t.setDaemon(true);
        return t;
    }

    /** Starts {@code task} on a new daemon thread named {@code name}. */
    public static Thread start(String name, Runnable task) {
        Thread t = thread(name, task);
        t.start();
        return t;
    }
}
