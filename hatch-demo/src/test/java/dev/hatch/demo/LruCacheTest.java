package dev.hatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LruCacheTest {

    @Test
    void evictsTheLeastRecentlyUsedEntry() {
        LruCache<String, String> cache = new LruCache<>(2);
        cache.put("a", "A");
        cache.put("b", "B");
        cache.get("a", k -> "loaded"); // a is now the most recently used
        cache.put("c", "C");

        AtomicInteger loads = new AtomicInteger();
        assertThat(cache.get("a", k -> "again " + loads.incrementAndGet())).isEqualTo("A");
        assertThat(cache.get("b", k -> "again " + loads.incrementAndGet())).isEqualTo("again 1");
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void warmsUpToItsBoundAndStaysThere() {
        LruCache<Integer, byte[]> cache = new LruCache<>(100);
        for (int i = 0; i < 10_000; i++) {
            cache.get(i % 250, k -> new byte[16]);
            assertThat(cache.size()).isLessThanOrEqualTo(100);
        }
        assertThat(cache.stats().warm()).isTrue();
        assertThat(cache.stats().size()).isEqualTo(100);
    }

    @Test
    void countsHitsAndMisses() {
        LruCache<String, String> cache = new LruCache<>(10);
        cache.get("x", k -> "X");
        cache.get("x", k -> "X");
        cache.get("x", k -> "X");
        cache.get("y", k -> "Y");

        LruCache.Stats stats = cache.stats();
        assertThat(stats.hits()).isEqualTo(2);
        assertThat(stats.misses()).isEqualTo(2);
        assertThat(stats.hitRatio()).isEqualTo(0.5);
        assertThat(stats.warm()).isFalse();
    }

    @Test
    void refusesACapacityBelowOne() {
        assertThatThrownBy(() -> new LruCache<String, String>(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}
