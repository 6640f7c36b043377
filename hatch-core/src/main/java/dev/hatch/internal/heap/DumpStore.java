package dev.hatch.internal.heap;

import dev.hatch.internal.concurrent.DaemonThreads;
import dev.hatch.internal.concurrent.SharedTimer;
import dev.hatch.internal.http.Problem;
import dev.hatch.internal.security.Exclusive;
import dev.hatch.internal.security.PrivateFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Stored heap dumps: written in the background by the {@link HeapDumper} (one dump at a time,
 * shared with the streaming route), then moved into {@code <dump dir>/stored/<id>.hprof} (0600
 * in a 0700 directory). Only complete files ever appear there, so the directory itself is the
 * list of ready dumps: they survive a restart of the application (they are the evidence), and
 * are deleted by retention, by {@code DELETE}, never by closing the endpoint. Running and failed
 * dumps are kept in memory.
 */
public final class DumpStore implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.hatch.heap");
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int MAX_FAILED = 16;
    private static final String PART_PREFIX = "bundle-";
    private static final String PART_SUFFIX = ".zip.part";
    private static final long STALE_PART_MS = 3_600_000;

    private final HeapDumper dumper;
    private final StoredFiles files;
    private final Duration retention;
    private final long quotaBytes;
    private final Map<String, StoredDump> inMemory = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();
    private final ExecutorService worker;
    private final SharedTimer timer;
    /** Bytes promised to artifacts being written (a running dump's estimate, a bundle's allowance); under this. */
    private long reservedBytes;

    /**
     * A store in {@code <dumper's directory>/stored}.
     *
     * @param retention ready dumps older than this are deleted
     * @param quotaBytes a new dump is refused (507) when the stored ones and the new one's estimate would exceed this
     */
    public DumpStore(HeapDumper dumper, Duration retention, long quotaBytes) throws IOException {
        this.dumper = dumper;
        this.files = new StoredFiles(PrivateFiles.directory(dumper.directory().resolve("stored")));
        this.retention = retention;
        this.quotaBytes = quotaBytes;
        // Dumps run on a thread of their own, started on demand and ended 30 s after the last one;
        // the retention sweep is periodic work on the shared timer.
        this.worker = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                DaemonThreads.named("hatch-heapdumps"));
        this.timer = SharedTimer.acquire();
        long sweepMs = Math.max(1000, Math.min(60_000, retention.toMillis() / 4));
        timer.scheduleWithFixedDelay(this::sweepQuietly, 0, sweepMs, TimeUnit.MILLISECONDS);
    }

    /** The directory holding the ready dumps. */
    public Path directory() {
        return files.dir();
    }

    /** The quota in bytes. */
    public long quotaBytes() {
        return quotaBytes;
    }

    /**
     * Starts a dump in the background.
     *
     * @param origin the principal's name or {@code trigger:NAME}
     * @param done called on the store's thread with the final entry (ready or failed); may be null
     * @throws Problem 409 when a dump is already running, 507 when the quota would be exceeded
     */
    public StoredDump start(boolean live, String origin, Consumer<StoredDump> done) {
        Exclusive.Claim claim = dumper.claim();
        try {
            sweep();
            long estimate = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long used = usedBytes() + reserved();
            if (used + estimate > quotaBytes) {
                throw new Problem(507, "Insufficient storage", String.format(
                        "stored dumps use %d MB and a new one needs about %d MB, over the %d MB quota (hatch.heapdumps.quota);"
                                + " delete old dumps (DELETE /ops/heapdumps/{id}) first", used >> 20, estimate >> 20, quotaBytes >> 20));
            }
            Instant now = Instant.now();
            String id = ID_TIME.format(now) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
            StoredDump e = new StoredDump(id, StoredDump.State.RUNNING, 0, now, origin, null, null);
            synchronized (this) {
                inMemory.put(id, e);
                origins.put(id, origin);
                reservedBytes += estimate;
            }
            worker.execute(() -> {
                try {
                    run(e, live, done, claim);
                } finally {
                    release(estimate);
                }
            });
            return e;
        } catch (RuntimeException | Error ex) {
            claim.close();
            throw ex;
        }
    }

    /** Thrown by a bundle's stream at the write that would take the store past its quota; writers must let it pass. */
    public static final class OverQuota extends IOException {
        private static final long serialVersionUID = 1L;

        OverQuota(long allowance) {
            super("the bundle would need more than the " + allowance + " bytes left of the quota");
        }
    }

    /** Writes a bundle's content; the stream is the zip file's, already buffered. */
    @FunctionalInterface
    public interface BundleWriter {
        /** Writes the bundle. */
        void write(OutputStream out) throws IOException;
    }

    /**
     * Stores a memory bundle, written on the calling thread: into a private temporary file beside
     * the store, moved in only when complete. Its bytes count against the quota as they are
     * written, and what it may take is reserved while it is written, so that a heap dump started
     * meanwhile cannot take the same room: a bundle that would take the store past its quota (or
     * past {@code capBytes}, or the disk past {@code hatch.dump.reserve}) is cut off, deleted and
     * refused (507).
     *
     * @param origin {@code trigger:NAME} or a principal
     * @param estimateBytes what the bundle is expected to need; refused at once when it cannot fit
     * @param capBytes the most it may take besides the quota (a trigger's own {@code maxBytes} left), or Long.MAX_VALUE
     * @throws Problem 507 when it does not fit
     * @throws IOException when it cannot be written (nothing is left behind)
     */
    public StoredDump storeBundle(String origin, long estimateBytes, long capBytes, BundleWriter writer) throws IOException {
        sweepQuietly();
        long used = usedBytes();
        long allowance;
        synchronized (this) {
            allowance = Math.min(quotaBytes - used - reservedBytes, capBytes);
            long disk = Files.getFileStore(dumper.directory()).getUsableSpace() - dumper.reserveBytes();
            allowance = Math.min(allowance, disk);
            if (estimateBytes > allowance) {
                throw new Problem(507, "Insufficient storage", String.format("stored artifacts use %d MB (%d MB more being"
                        + " written) and a bundle needs about %d MB: over the %d MB quota (hatch.heapdumps.quota), the trigger's"
                        + " maxBytes or the free disk (hatch.dump.reserve)", used >> 20, reservedBytes >> 20,
                        Math.max(1, estimateBytes >> 20), quotaBytes >> 20));
            }
            reservedBytes += allowance;
        }
        Instant now = Instant.now();
        String id = ID_TIME.format(now) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        Path tmp = null;
        try {
            tmp = PrivateFiles.createFile(dumper.directory().resolve(PART_PREFIX + id + PART_SUFFIX));
            try (OutputStream out = new QuotaStream(Files.newOutputStream(tmp), allowance)) {
                writer.write(out);
            }
            Path target = files.bundleFile(id);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException notSameStore) {
                Files.move(tmp, target);
            }
            tmp = null;
            synchronized (this) {
                origins.put(id, origin);
            }
            StoredDump d = files.read(id, origin);
            if (d == null) {
                throw new IOException("the bundle vanished from " + target);
            }
            return d;
        } catch (OverQuota over) {
            throw new Problem(507, "Insufficient storage", "the bundle grew past the " + (allowance >> 20) + " MB it could take"
                    + " (hatch.heapdumps.quota, the trigger's maxBytes, hatch.dump.reserve) and was discarded");
        } finally {
            if (tmp != null) {
                HeapDumper.delete(tmp);
            }
            release(allowance);
        }
    }

    private synchronized long reserved() {
        return reservedBytes;
    }

    private synchronized void release(long bytes) {
        reservedBytes -= bytes;
    }

    /**
     * Deletes bundles a killed process left half written ({@code bundle-<id>.zip.part} in the dump
     * directory, older than an hour: a bundle is written in seconds, just before an OOM kill).
     */
    private void deleteStaleParts() {
        long cutoff = System.currentTimeMillis() - STALE_PART_MS;
        try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(dumper.directory(), PART_PREFIX + "*" + PART_SUFFIX)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p) && Files.getLastModifiedTime(p).toMillis() < cutoff) {
                    Files.deleteIfExists(p);
                    LOG.log(System.Logger.Level.INFO, "deleted a bundle left half written: " + p.getFileName());
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot sweep " + dumper.directory(), e);
        }
    }

    private void run(StoredDump e, boolean live, Consumer<StoredDump> done, Exclusive.Claim claim) {
        StoredDump result;
        Path tmp = null;
        try {
            tmp = dumper.dump(live);
            Path target = files.file(e.id());
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException notSameStore) {
                Files.move(tmp, target);
            }
            tmp = null;
            result = files.read(e.id(), e.origin());
            if (result == null) {
                throw new IOException("the dump vanished from " + target);
            }
            synchronized (this) {
                inMemory.remove(e.id());
            }
        } catch (Problem p) {
            result = failed(e, p.detail());
        } catch (IOException | RuntimeException ex) {
            LOG.log(System.Logger.Level.WARNING, "stored heap dump " + e.id() + " failed", ex);
            result = failed(e, ex.getClass().getSimpleName() + ": " + ex.getMessage());
        } finally {
            if (tmp != null) {
                HeapDumper.delete(tmp);
            }
            claim.close();
        }
        if (done != null) {
            try {
                done.accept(result);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "after stored dump " + e.id(), ex);
            }
        }
    }

    private synchronized StoredDump failed(StoredDump e, String error) {
        StoredDump f = new StoredDump(e.id(), StoredDump.State.FAILED, 0, e.created(), e.origin(), error, null);
        inMemory.put(e.id(), f);
        List<String> failedIds = new ArrayList<>();
        inMemory.forEach((k, v) -> {
            if (v.state() == StoredDump.State.FAILED) {
                failedIds.add(k);
            }
        });
        for (int i = 0; i < failedIds.size() - MAX_FAILED; i++) {
            inMemory.remove(failedIds.get(i));
        }
        return f;
    }

    /** Every dump, newest first. */
    public List<StoredDump> list() {
        sweepQuietly();
        List<StoredDump> all = new ArrayList<>();
        synchronized (this) {
            all.addAll(inMemory.values());
        }
        for (StoredDump d : files.all()) {
            all.add(withOrigin(d));
        }
        all.sort(Comparator.comparing(StoredDump::created).reversed());
        return all;
    }

    /** One dump, or null. */
    public StoredDump get(String id) {
        if (!StoredFiles.ID.matcher(id).matches()) {
            return null;
        }
        synchronized (this) {
            StoredDump e = inMemory.get(id);
            if (e != null) {
                return e;
            }
        }
        StoredDump d = files.read(id, null);
        return d == null ? null : withOrigin(d);
    }

    private synchronized StoredDump withOrigin(StoredDump d) {
        String origin = origins.get(d.id());
        return origin == null ? d : d.withOrigin(origin);
    }

    /**
     * Deletes a dump.
     *
     * @return false when there is no such dump
     * @throws Problem 409 while it is being written
     */
    public boolean delete(String id) throws IOException {
        StoredDump e = get(id);
        if (e == null) {
            return false;
        }
        if (e.state() == StoredDump.State.RUNNING) {
            throw Problem.conflict("dump " + id + " is still being written; delete it once it is ready");
        }
        synchronized (this) {
            inMemory.remove(id);
            origins.remove(id);
        }
        return e.file() == null || Files.deleteIfExists(e.file());
    }

    /** Bytes used by ready dumps. */
    public long usedBytes() {
        return files.usedBytes();
    }

    /** Deletes ready dumps older than the retention time and forgets failed ones as old. */
    void sweep() {
        Instant cutoff = Instant.now().minus(retention);
        files.deleteOlderThan(cutoff);
        deleteStaleParts();
        synchronized (this) {
            inMemory.values().removeIf(e -> e.state() == StoredDump.State.FAILED && e.created().isBefore(cutoff));
            origins.keySet().removeIf(id -> !inMemory.containsKey(id) && !Files.exists(files.file(id))
                    && !Files.exists(files.bundleFile(id)));
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "retention sweep failed", e);
        }
    }

    /** Stops the background thread, waiting up to 10 s for a running dump to land. Stored dumps stay. */
    @Override
    public void close() {
        timer.close();
        worker.shutdown();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
