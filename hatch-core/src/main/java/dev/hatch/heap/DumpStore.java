package dev.hatch.heap;

import dev.hatch.http.Problem;
import dev.hatch.security.PrivateFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

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
    private static final Pattern ID = Pattern.compile("[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}");
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int MAX_FAILED = 16;

    /** State of a stored dump. */
    public enum State {
        /** Being written. */
        RUNNING,
        /** Complete; can be downloaded. */
        READY,
        /** Writing failed; see the error. */
        FAILED;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One stored dump.
     *
     * @param id its id, e.g. {@code 20260102T030405Z-1a2b3c}
     * @param state its state
     * @param bytes its size when ready, else 0
     * @param created when it was requested (running, failed) or finished (ready)
     * @param origin who asked: a principal, or {@code trigger:NAME}; null for dumps found on disk
     * @param error why it failed, else null
     * @param file the file when ready, else null
     */
    public record Entry(String id, State state, long bytes, Instant created, String origin, String error, Path file) {
        /** The entry as JSON for the list. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("state", state);
            m.put("bytes", bytes);
            m.put("created", created.toString());
            m.put("location", "/ops/heapdumps/" + id);
            if (origin != null) {
                m.put("origin", origin);
            }
            if (error != null) {
                m.put("error", error);
            }
            return m;
        }
    }

    private final HeapDumper dumper;
    private final Path dir;
    private final Duration retention;
    private final long quotaBytes;
    private final Map<String, Entry> inMemory = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();
    private final ScheduledExecutorService worker;

    /**
     * A store in {@code <dumper's directory>/stored}.
     *
     * @param retention ready dumps older than this are deleted
     * @param quotaBytes a new dump is refused (507) when the stored ones and the new one's estimate would exceed this
     */
    public DumpStore(HeapDumper dumper, Duration retention, long quotaBytes) throws IOException {
        this.dumper = dumper;
        this.dir = PrivateFiles.directory(dumper.directory().resolve("stored"));
        this.retention = retention;
        this.quotaBytes = quotaBytes;
        ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "hatch-heapdumps");
            t.setDaemon(true);
            return t;
        });
        w.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.worker = w;
        long sweepMs = Math.max(1000, Math.min(60_000, retention.toMillis() / 4));
        worker.scheduleWithFixedDelay(this::sweepQuietly, 0, sweepMs, TimeUnit.MILLISECONDS);
    }

    /** The directory holding the ready dumps. */
    public Path directory() {
        return dir;
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
    public Entry start(boolean live, String origin, Consumer<Entry> done) {
        dumper.acquire();
        try {
            sweep();
            long estimate = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long used = usedBytes();
            if (used + estimate > quotaBytes) {
                throw new Problem(507, "Insufficient storage", String.format(
                        "stored dumps use %d MB and a new one needs about %d MB, over the %d MB quota (hatch.heapdumps.quota);"
                                + " delete old dumps (DELETE /ops/heapdumps/{id}) first", used >> 20, estimate >> 20, quotaBytes >> 20));
            }
            Instant now = Instant.now();
            String id = ID_TIME.format(now) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
            Entry e = new Entry(id, State.RUNNING, 0, now, origin, null, null);
            synchronized (this) {
                inMemory.put(id, e);
                origins.put(id, origin);
            }
            worker.execute(() -> run(e, live, done));
            return e;
        } catch (RuntimeException | Error ex) {
            dumper.release();
            throw ex;
        }
    }

    private void run(Entry e, boolean live, Consumer<Entry> done) {
        Entry result;
        Path tmp = null;
        try {
            tmp = dumper.dump(live);
            Path target = dir.resolve(e.id() + ".hprof");
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException notSameStore) {
                Files.move(tmp, target);
            }
            tmp = null;
            result = readyEntry(target, e.origin());
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
            dumper.release();
        }
        if (done != null) {
            try {
                done.accept(result);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "after stored dump " + e.id(), ex);
            }
        }
    }

    private synchronized Entry failed(Entry e, String error) {
        Entry f = new Entry(e.id(), State.FAILED, 0, e.created(), e.origin(), error, null);
        inMemory.put(e.id(), f);
        List<String> failedIds = new ArrayList<>();
        inMemory.forEach((k, v) -> {
            if (v.state() == State.FAILED) {
                failedIds.add(k);
            }
        });
        for (int i = 0; i < failedIds.size() - MAX_FAILED; i++) {
            inMemory.remove(failedIds.get(i));
        }
        return f;
    }

    private synchronized Entry readyEntry(Path file, String origin) throws IOException {
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - ".hprof".length());
        return new Entry(id, State.READY, Files.size(file), Files.getLastModifiedTime(file).toInstant(),
                origin != null ? origin : origins.get(id), null, file);
    }

    /** Every dump, newest first. */
    public List<Entry> list() {
        sweepQuietly();
        List<Entry> all = new ArrayList<>();
        synchronized (this) {
            all.addAll(inMemory.values());
        }
        for (Path p : files()) {
            try {
                all.add(readyEntry(p, null));
            } catch (IOException gone) {
                // deleted meanwhile
            }
        }
        all.sort(Comparator.comparing(Entry::created).reversed());
        return all;
    }

    /** One dump, or null. */
    public Entry get(String id) {
        if (!ID.matcher(id).matches()) {
            return null;
        }
        synchronized (this) {
            Entry e = inMemory.get(id);
            if (e != null) {
                return e;
            }
        }
        try {
            return readyEntry(dir.resolve(id + ".hprof"), null);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Deletes a dump.
     *
     * @return false when there is no such dump
     * @throws Problem 409 while it is being written
     */
    public boolean delete(String id) throws IOException {
        Entry e = get(id);
        if (e == null) {
            return false;
        }
        if (e.state() == State.RUNNING) {
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
        long sum = 0;
        for (Path p : files()) {
            try {
                sum += Files.size(p);
            } catch (IOException gone) {
                // deleted meanwhile
            }
        }
        return sum;
    }

    private List<Path> files() {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.hprof")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (ID.matcher(n.substring(0, n.length() - ".hprof".length())).matches() && Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot list " + dir, e);
        }
        return out;
    }

    /** Deletes ready dumps older than the retention time and forgets failed ones as old. */
    void sweep() {
        Instant cutoff = Instant.now().minus(retention);
        for (Path p : files()) {
            try {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(p);
                    LOG.log(System.Logger.Level.INFO, "deleted stored heap dump " + p.getFileName() + " (older than hatch.heapdumps.retention)");
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "retention of " + p, e);
            }
        }
        synchronized (this) {
            inMemory.values().removeIf(e -> e.state() == State.FAILED && e.created().isBefore(cutoff));
            origins.keySet().removeIf(id -> !inMemory.containsKey(id) && !Files.exists(dir.resolve(id + ".hprof")));
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
        worker.shutdown();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
