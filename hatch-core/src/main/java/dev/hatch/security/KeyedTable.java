package dev.hatch.security;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A bounded table of per-address state. When it is full, entries that no longer matter are
 * dropped; if none can be dropped, new addresses share one overflow entry, so that a flood from
 * many addresses is limited together instead of growing the table without bound.
 */
final class KeyedTable<V> {
    static final String OVERFLOW = "(overflow)";
    /** A full table is swept for expendable entries at most this often, so a flood of new addresses costs O(1) each. */
    private static final long SWEEP_EVERY_NANOS = 1_000_000_000L;

    private final Map<String, V> entries = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final Function<String, V> factory;
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime() - SWEEP_EVERY_NANOS);

    KeyedTable(int maxEntries, Function<String, V> factory) {
        this.maxEntries = maxEntries;
        this.factory = factory;
    }

    /** The entry for a key, created if there is room; the shared overflow entry otherwise. */
    V get(String key, Predicate<V> expendable) {
        V v = entries.get(key);
        if (v != null) {
            return v;
        }
        if (entries.size() >= maxEntries) {
            long last = lastSweep.get();
            long now = System.nanoTime();
            if (now - last < SWEEP_EVERY_NANOS || !lastSweep.compareAndSet(last, now)) {
                return entries.computeIfAbsent(OVERFLOW, factory);
            }
            for (Iterator<V> it = entries.values().iterator(); it.hasNext(); ) {
                if (expendable.test(it.next())) {
                    it.remove();
                }
            }
            if (entries.size() >= maxEntries) {
                return entries.computeIfAbsent(OVERFLOW, factory);
            }
        }
        return entries.computeIfAbsent(key, factory);
    }

    /** The entry for a key if there is one; the overflow entry for an unknown key while the table is full. */
    V peek(String key) {
        V v = entries.get(key);
        return v == null && entries.size() >= maxEntries ? entries.get(OVERFLOW) : v;
    }

    int size() {
        return entries.size();
    }
}
