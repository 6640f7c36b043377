package dev.hatch.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A thread-safe cache that keeps at most {@code capacity} entries and evicts the least recently
 * used one. It fills up while the service warms and then stays at its bound: memory that levels
 * off, which a leak detector must not mistake for a leak.
 *
 * <pre>{@code
 * LruCache<String, Product> products = new LruCache<>(1000);
 * Product p = products.get("SKU-42", catalogue::load);
 * }</pre>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class LruCache<K, V> {
    private final int capacity;
    private final LinkedHashMap<K, V> map;
    private long hits;
    private long misses;

    /** A cache that holds at most {@code capacity} entries (at least one). */
    LruCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        // Access order: a get moves the entry to the young end, so the eldest is the least recently used.
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > LruCache.this.capacity;
            }
        };
    }

    /**
     * The cached value for the key, or the loader's value, which is then cached. The loader runs
     * outside the lock, so a slow load never blocks readers of other keys; two threads loading
     * the same key at once both load it and the second result wins.
     */
    V get(K key, Function<? super K, ? extends V> loader) {
        synchronized (this) {
            V cached = map.get(key);
            if (cached != null) {
                hits++;
                return cached;
            }
            misses++;
        }
        V loaded = loader.apply(key);
        put(key, loaded);
        return loaded;
    }

    /** Stores a value, evicting the least recently used entry when the cache is full. */
    synchronized void put(K key, V value) {
        if (key == null || value == null) {
            throw new NullPointerException("the cache holds no null keys or values");
        }
        map.put(key, value);
    }

    /** The number of entries, never more than {@link #capacity()}. */
    synchronized int size() {
        return map.size();
    }

    /** The most entries the cache keeps. */
    int capacity() {
        return capacity;
    }

    /** A consistent snapshot of size and hit counts. */
    synchronized Stats stats() {
        return new Stats(map.size(), capacity, hits, misses);
    }

    /**
     * Counters of a cache at one moment.
     *
     * @param size entries held
     * @param capacity most entries kept
     * @param hits lookups answered from the cache
     * @param misses lookups that had to load
     */
    record Stats(int size, int capacity, long hits, long misses) {
        /** Hits over all lookups, 0 before the first lookup. */
        double hitRatio() {
            long total = hits + misses;
            return total == 0 ? 0 : (double) hits / total;
        }

        /** Whether the cache has filled up to its bound. */
        boolean warm() {
            return size >= capacity;
        }
    }
}
