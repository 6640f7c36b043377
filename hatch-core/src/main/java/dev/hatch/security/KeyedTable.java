package dev.hatch.security;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A bounded table of per-address state. When it is full, entries that no longer matter are
 * dropped; if none can be dropped, new addresses share one overflow entry, so that a flood from
 * many addresses is limited together instead of growing the table without bound.
 */
final class KeyedTable<V> {
    static final String OVERFLOW = "(overflow)";

    private final Map<String, V> entries = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final Function<String, V> factory;

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

    /** The entry for a key if there is one. */
    V peek(String key) {
        return entries.get(key);
    }

    int size() {
        return entries.size();
    }
}
