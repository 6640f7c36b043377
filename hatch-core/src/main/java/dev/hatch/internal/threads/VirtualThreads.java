package dev.hatch.internal.threads;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.hatch.internal.concurrent.DaemonThreads;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lists virtual threads through the JVM's own thread dump ({@code HotSpotDiagnosticMXBean
 * .dumpThreads(file, JSON)}, JDK 21+, called by reflection because Hatch compiles for 17).
 * The JVM writes the dump to a new file only: it goes into the private dump directory and is
 * deleted as soon as it is read. Bounded: one dump at a time, a time limit after which the
 * caller gets the platform threads alone (the dump finishes on its own daemon thread and its
 * file is deleted then), and at most {@code limit} threads kept with their stacks.
 */
final class VirtualThreads {
    private static final System.Logger LOG = System.getLogger("dev.hatch.threads");
    private static final Method DUMP_THREADS;
    private static final Object JSON_FORMAT;

    static {
        Method method = null;
        Object json = null;
        try {
            Class<?> format = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
            for (Object constant : format.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals("JSON")) {
                    json = constant;
                }
            }
            method = HotSpotDiagnosticMXBean.class.getMethod("dumpThreads", String.class, format);
        } catch (ReflectiveOperationException | LinkageError e) {
            method = null;
        }
        DUMP_THREADS = json == null ? null : method;
        JSON_FORMAT = json;
    }

    private final Path dir;
    private final int limit;
    private final Duration timeout;
    private final Semaphore oneAtATime = new Semaphore(1);
    private final AtomicLong sequence = new AtomicLong();

    /** The snapshot, or why there is none, and how long it took. */
    record Outcome(VirtualSnapshot snapshot, String reason, long durationMs) {
    }

    VirtualThreads(Path dir, int limit, Duration timeout) {
        this.dir = dir.toAbsolutePath();
        this.limit = limit;
        this.timeout = timeout;
    }

    int limit() {
        return limit;
    }

    /** Whether this JVM can list virtual threads at all. */
    static boolean supported() {
        return DUMP_THREADS != null;
    }

    /** Takes a dump; never throws. */
    Outcome take(Set<Long> platformIds) {
        if (!supported()) {
            return new Outcome(null, "virtual threads are listed on JDK 21 and later; this JVM runs " + Runtime.version(), 0);
        }
        if (!oneAtATime.tryAcquire()) {
            return new Outcome(null, "another virtual-thread dump is still running; retry in a few seconds", 0);
        }
        long start = System.nanoTime();
        CompletableFuture<VirtualSnapshot> result = new CompletableFuture<>();
        DaemonThreads.start("hatch-virtual-thread-dump", () -> {
            try {
                result.complete(dumpAndRead(platformIds));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            } finally {
                oneAtATime.release();
            }
        });
        try {
            VirtualSnapshot snapshot = result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Outcome(snapshot, null, millisSince(start));
        } catch (TimeoutException e) {
            return failed("the JVM's thread dump took longer than " + timeout.toMillis()
                    + " ms (hatch.threads.virtual.timeout); it finishes in the background and its file is deleted", start);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof InvocationTargetException ite ? ite.getCause() : e.getCause();
            LOG.log(System.Logger.Level.WARNING, "virtual-thread dump failed", cause);
            return failed("the JVM's thread dump failed: " + cause, start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted while waiting for the JVM's thread dump", start);
        }
    }

    /**
     * The JVM's own JSON thread dump as a file, for passing through unchanged; the caller owns the
     * file and deletes it. {@code null} with the reason when none is available in time: a dump
     * past the time limit finishes on its own thread, which then deletes the file.
     */
    Path jvmDump(StringBuilder reason) {
        if (!supported()) {
            reason.append("the JVM writes this format itself on JDK 21 and later; this JVM runs ").append(Runtime.version());
            return null;
        }
        if (!oneAtATime.tryAcquire()) {
            reason.append("another JVM thread dump is still running");
            return null;
        }
        CompletableFuture<Path> result = new CompletableFuture<>();
        DaemonThreads.start("hatch-jvm-thread-dump", () -> {
            Path file = dir.resolve("threads-" + ProcessHandle.current().pid() + "-" + sequence.incrementAndGet() + ".json");
            try {
                DUMP_THREADS.invoke(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class), file.toString(), JSON_FORMAT);
                if (!result.complete(file)) {
                    Files.deleteIfExists(file); // the caller gave up waiting: nobody else will
                }
            } catch (Throwable e) {
                result.completeExceptionally(e);
                try {
                    Files.deleteIfExists(file);
                } catch (java.io.IOException ignored) {
                    // nothing more to do
                }
            } finally {
                oneAtATime.release();
            }
        });
        try {
            try {
                return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // whoever completes the future first owns the file
                if (result.completeExceptionally(e)) {
                    reason.append("the JVM's thread dump took longer than ").append(timeout.toMillis())
                            .append(" ms (hatch.threads.virtual.timeout)");
                    return null;
                }
                return result.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof InvocationTargetException ite ? ite.getCause() : e.getCause();
            LOG.log(System.Logger.Level.WARNING, "JVM thread dump failed", cause);
            reason.append("the JVM's thread dump failed: ").append(cause);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!result.completeExceptionally(e) && !result.isCompletedExceptionally()) {
                try {
                    Files.deleteIfExists(result.join()); // finished meanwhile: the file is ours to delete
                } catch (java.io.IOException ignored) {
                    // nothing more to do
                }
            }
            reason.append("interrupted while waiting for the JVM's thread dump");
            return null;
        }
    }

    private VirtualSnapshot dumpAndRead(Set<Long> platformIds) throws Exception {
        HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        Path file = dir.resolve("threads-" + ProcessHandle.current().pid() + "-" + sequence.incrementAndGet() + ".json");
        try {
            DUMP_THREADS.invoke(bean, file.toString(), JSON_FORMAT);
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return VirtualSnapshot.read(reader, platformIds, limit);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Outcome failed(String reason, long start) {
        return new Outcome(null, reason, millisSince(start));
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
