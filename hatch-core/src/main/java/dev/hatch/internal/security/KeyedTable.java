package dev.hatch.internal.security;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A bounded table of per-address state. Every address has an entry of its own: a full table
 * makes room by dropping entries that no longer matter and, if none can be dropped, the oldest
 * entry that is not {@code protectedEntry} (giving a protected one a second chance, a bounded
 * number of times). It never makes addresses share an entry, so a flood from many addresses can
 * never make the table refuse an address that has done nothing wrong.
 */
final class KeyedTable<V> {
    /** A full table is swept for expendable entries at most this often, so a flood of new addresses costs O(1) each. */
    private static final long SWEEP_EVERY_NANOS = 1_000_000_000L;
    /** Entries looked at, at most, to find one to evict: protected entries are moved to the back. */
    private static final int SECOND_CHANCES = 16;

    private final Map<String, V> entries = new ConcurrentHashMap<>();
    private final Queue<String> age = new ConcurrentLinkedQueue<>();
    private final int maxEntries;
    private final Function<String, V> factory;
    private final LongSupplier nanoTime;
    private final AtomicLong lastSweep;

    KeyedTable(int maxEntries, Function<String, V> factory, LongSupplier nanoTime) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
        this.factory = factory;
        this.nanoTime = nanoTime;
        this.lastSweep = new AtomicLong(nanoTime.getAsLong() - SWEEP_EVERY_NANOS);
    }

    /**
     * The entry for a key, created when missing.
     *
     * @param expendable entries that may be dropped at once when the table is full (they hold
     *     nothing that matters any more)
     * @param protectedEntry entries that are evicted only when every candidate is protected
     */
    V get(String key, Predicate<V> expendable, Predicate<V> protectedEntry) {
        V v = entries.get(key);
        if (v != null) {
            return v;
        }
        if (entries.size() >= maxEntries) {
            makeRoom(expendable, protectedEntry);
        }
        V[] created = newHolder();
        V result = entries.computeIfAbsent(key, k -> {
            V n = factory.apply(k);
            created[0] = n;
            return n;
        });
        if (created[0] == result) {
            age.add(key);
        }
        return result;
    }

    /** The entry for a key, or {@code null}: an address the table does not know has no state. */
    V peek(String key) {
        return entries.get(key);
    }

    int size() {
        return entries.size();
    }

    private void makeRoom(Predicate<V> expendable, Predicate<V> protectedEntry) {
        long last = lastSweep.get();
        long now = nanoTime.getAsLong();
        if (now - last >= SWEEP_EVERY_NANOS && lastSweep.compareAndSet(last, now)) {
            entries.entrySet().removeIf(e -> expendable.test(e.getValue()));
            age.removeIf(k -> !entries.containsKey(k));
        }
        for (int tries = 0; entries.size() >= maxEntries; tries++) {
            String oldest = age.poll();
            if (oldest == null) {
                return;
            }
            V candidate = entries.get(oldest);
            if (candidate == null) {
                continue;
            }
            if (tries < SECOND_CHANCES && protectedEntry.test(candidate)) {
                age.add(oldest);
                continue;
            }
            entries.remove(oldest, candidate);
        }
    }

    @SuppressWarnings("unchecked")
    private V[] newHolder() {
        return (V[]) new Object[1];
    }
}
