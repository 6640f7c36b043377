package dev.hatch.internal.heap;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.hatch.internal.http.Problem;
import dev.hatch.internal.security.Exclusive;
import dev.hatch.internal.security.PrivateFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes heap dumps with the JVM's own dumper into a private directory (0700; the JVM creates
 * the file 0600), one at a time, after checking that the disk can hold it. The caller owns the
 * returned file and must {@link #delete(Path)} it whatever happens.
 */
public final class HeapDumper {
    private static final long MARGIN = 16L << 20;
    private static final System.Logger LOG = System.getLogger("dev.hatch.heap");

    private final Path dir;
    private final Exclusive oneAtATime;
    private volatile long reserveBytes;
    private final AtomicLong sequence = new AtomicLong();

    /** A dumper writing into the given directory, created 0700 if needed. */
    public HeapDumper(Path dir) throws IOException {
        this(dir, Duration.ZERO);
    }

    /** A dumper that also refuses a dump (429) within {@code cooldown} after the previous one ended ({@code hatch.dump.cooldown}). */
    public HeapDumper(Path dir, Duration cooldown) throws IOException {
        this.dir = PrivateFiles.directory(dir);
        this.oneAtATime = new Exclusive("heap dump", cooldown);
    }

    /** Disk space every dump must leave free (default 0). */
    /** The free disk a dump must leave ({@code hatch.dump.reserve}). */
    public long reserveBytes() {
        return reserveBytes;
    }

    public HeapDumper reserve(long bytes) {
        this.reserveBytes = bytes;
        return this;
    }

    /** The private dump directory. */
    public Path directory() {
        return dir;
    }

    /**
     * Claims the right to dump, for as long as the claim is open: close it (try-with-resources)
     * once the dump file is gone, which starts the cooldown.
     *
     * @throws Problem 409 when a dump is already running, 429 during the cooldown after the last one
     */
    public Exclusive.Claim claim() {
        return oneAtATime.claim();
    }

    /**
     * Dumps the heap into a new file. Call while holding a {@link #claim()}.
     *
     * @param live only reachable objects (forces a full GC first)
     * @throws Problem 507 when the disk is short, 501 when the JVM has no HotSpot dumper
     */
    public Path dump(boolean live) throws IOException {
        HotSpotDiagnosticMXBean bean;
        try {
            bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        } catch (IllegalArgumentException | LinkageError e) {
            bean = null;
        }
        if (bean == null) {
            throw new Problem(501, "Not implemented", "this JVM has no HotSpot diagnostic bean, so it cannot write HPROF dumps");
        }
        long required = requiredBytes();
        long usable = Files.getFileStore(dir).getUsableSpace();
        if (usable - reserveBytes < required) {
            throw new Problem(507, "Insufficient storage", String.format(
                    "the dump directory %s has %d MB free, a dump of this heap needs about %d MB and %d MB must stay free"
                            + " (hatch.dump.reserve); free disk space or set hatch.dump.dir to a larger disk",
                    dir, usable >> 20, required >> 20, reserveBytes >> 20));
        }
        Path file = dir.resolve("hatch-" + ProcessHandle.current().pid() + "-" + sequence.incrementAndGet() + "-"
                + System.currentTimeMillis() + ".hprof");
        try {
            bean.dumpHeap(file.toString(), live);
        } catch (IOException | RuntimeException e) {
            delete(file);
            throw e;
        }
        return file;
    }

    /** Bytes a dump needs on disk: the used heap, twice on JDK 21+ (it merges side files), plus a margin. */
    static long requiredBytes() {
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return used * (Runtime.version().feature() >= 21 ? 2 : 1) + MARGIN;
    }

    /** Deletes a dump and any side files the JVM left beside it ({@code name.p0} … on JDK 21+). Never throws. */
    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
            try (DirectoryStream<Path> side = Files.newDirectoryStream(file.getParent(), file.getFileName() + ".*")) {
                for (Path p : side) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete heap dump " + file, e);
        }
    }
}
