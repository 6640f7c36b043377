package dev.hatch.demo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The demo's deliberate memory leak: a well-meant "audit trail" that snapshots the order book
 * ten times a second into memory and is never trimmed. Switched on with
 * {@code POST /leak/start?kbPerSecond=256}; {@code POST /leak/stop} stops the growth (the memory
 * stays retained, as with a real leak) and {@code POST /leak/clear} releases it.
 *
 * <p>Each snapshot is an {@link Entry} holding a {@code byte[]}, so a leak report names
 * {@code dev.hatch.demo.OrderAuditTrail$Entry} as the growing type. To keep the demo alive the
 * trail stops growing at a cap (half the maximum heap by default) instead of running the JVM
 * out of memory.
 */
final class OrderAuditTrail implements AutoCloseable {
    static final int DEFAULT_KB_PER_SECOND = 256;
    static final int MAX_KB_PER_SECOND = 16 * 1024;
    private static final int TICKS_PER_SECOND = 10;
    private static final System.Logger LOG = System.getLogger("dev.hatch.demo");

    /**
     * One snapshot. Retained forever once recorded: this is the type a leak detector should name.
     *
     * @param at when the snapshot was taken
     * @param event what the order book looked like, in words
     * @param snapshot the serialised state; its size is what leaks
     */
    record Entry(Instant at, String event, byte[] snapshot) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Supplier<String> describe;
    private final long capBytes;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "audit-trail");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> task;
    private int kbPerSecond;
    private long retainedBytes;
    private boolean capped;

    /**
     * @param describe what each snapshot records, e.g. the order book's counters
     * @param capBytes the trail stops growing once it retains this many bytes
     */
    OrderAuditTrail(Supplier<String> describe, long capBytes) {
        this.describe = describe;
        this.capBytes = capBytes;
    }

    /** Starts the leak, or changes its rate when it is already running. */
    synchronized void start(int kbPerSecond) {
        if (kbPerSecond < 1 || kbPerSecond > MAX_KB_PER_SECOND) {
            throw new IllegalArgumentException("kbPerSecond must be between 1 and " + MAX_KB_PER_SECOND + ", was " + kbPerSecond);
        }
        stop();
        this.kbPerSecond = kbPerSecond;
        this.capped = false;
        task = writer.scheduleAtFixedRate(this::record, 0, 1000 / TICKS_PER_SECOND, TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.INFO, "audit trail leak started: " + kbPerSecond + " KB/s");
    }

    /** Stops the growth; what was recorded stays in memory. */
    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    /** Drops every entry so the garbage collector can reclaim them; returns how many there were. */
    synchronized int clear() {
        int n = entries.size();
        entries.clear();
        retainedBytes = 0;
        capped = false;
        return n;
    }

    private synchronized void record() {
        if (task == null) {
            return;
        }
        int size = kbPerSecond * 1024 / TICKS_PER_SECOND;
        if (retainedBytes + size > capBytes) {
            capped = true;
            stop();
            LOG.log(System.Logger.Level.WARNING, "audit trail reached its cap of " + (capBytes >> 20) + " MB and stopped growing");
            return;
        }
        String event = describe.get();
        byte[] snapshot = new byte[size];
        byte[] text = event.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < size && text.length > 0; i++) {
            snapshot[i] = text[i % text.length];
        }
        entries.add(new Entry(Instant.now(), event, snapshot));
        retainedBytes += size;
    }

    /** The trail's state at this moment. */
    synchronized Status status() {
        return new Status(task != null, task != null ? kbPerSecond : 0, entries.size(), retainedBytes, capBytes, capped);
    }

    /**
     * The trail's state.
     *
     * @param running whether it is growing now
     * @param kbPerSecond the growth rate while running, 0 when stopped
     * @param entries snapshots retained
     * @param retainedBytes bytes of snapshot data retained
     * @param capBytes where it stops growing
     * @param capped whether it stopped because it reached the cap
     */
    record Status(boolean running, int kbPerSecond, int entries, long retainedBytes, long capBytes, boolean capped) {
    }

    /** Stops the writer thread; the entries are left to the garbage collector. */
    @Override
    public synchronized void close() {
        stop();
        writer.shutdownNow();
    }
}
