package dev.hatch.internal.container;

import dev.hatch.internal.http.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** What cgroup v1 and v2 files share: limits, {@code memory.stat} naming, pressure (PSI). */
final class CgroupFigures {
    /**
     * {@code memory.stat} entries that are byte counts (kernel docs: cgroup-v2.rst "memory.stat",
     * cgroup-v1/memory.rst "5.2 stat file"); they get a {@code Bytes} suffix. Anything else is an
     * event count or unknown, and keeps its plain camelCase name.
     */
    private static final Set<String> STAT_BYTES = Set.of(
            "anon", "file", "kernel", "kernel_stack", "pagetables", "sec_pagetables", "percpu", "sock",
            "vmalloc", "shmem", "zswap", "zswapped", "file_mapped", "file_dirty", "file_writeback",
            "swapcached", "anon_thp", "file_thp", "shmem_thp", "inactive_anon", "active_anon",
            "inactive_file", "active_file", "unevictable", "slab_reclaimable", "slab_unreclaimable",
            "slab", "hugetlb",
            "cache", "rss", "rss_huge", "mapped_file", "dirty", "writeback", "swap",
            "hierarchical_memory_limit", "hierarchical_memsw_limit");

    private CgroupFigures() {
    }

    /** {@code memory.stat} as JSON fields: {@code kernel_stack} → {@code kernelStackBytes}. */
    static Map<String, Long> stat(Map<String, Long> raw) {
        Map<String, Long> named = new LinkedHashMap<>();
        raw.forEach((key, value) -> {
            String base = key.startsWith("total_") ? key.substring("total_".length()) : key;
            named.put(Text.camel(key) + (STAT_BYTES.contains(base) ? "Bytes" : ""), value);
        });
        return named;
    }

    /** Plain counters ({@code memory.events}, {@code oom_control}) with camelCase names. */
    static Map<String, Long> counters(Map<String, Long> raw) {
        Map<String, Long> named = new LinkedHashMap<>();
        raw.forEach((key, value) -> named.put(Text.camel(key), value));
        return named;
    }

    /** A v2 limit file ({@code memory.max}, {@code memory.high}): {@code max} is no limit. */
    static Long v2Limit(String text, Path file, Notes notes) {
        String value = text.trim();
        if (value.equals("max")) {
            return null;
        }
        Long parsed = Text.parseLong(value);
        if (parsed == null) {
            notes.add(file + ": not a number or max");
        }
        return parsed;
    }

    /** A v1 limit: a value of 2^62 or more means none (LONG_MAX rounded down to a page). */
    static Long v1Limit(Long value) {
        return value == null || value >= CgroupMemory.V1_UNLIMITED_THRESHOLD ? null : value;
    }

    /**
     * {@code memory.pressure}: {@code some avg10=0.12 avg60=0.05 avg300=0.01 total=1234} per line,
     * averages in percent of wall time, total in microseconds stalled.
     */
    static Map<String, Object> pressure(String text) {
        Map<String, Object> pressure = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 2 || !(parts[0].equals("some") || parts[0].equals("full"))) {
                continue;
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                String[] pair = parts[i].split("=", 2);
                if (pair.length != 2) {
                    continue;
                }
                if (pair[0].equals("total")) {
                    Long total = Text.parseLong(pair[1]);
                    Json.putIfPresent(figures, "totalStallMicros", total);
                } else if (pair[0].startsWith("avg")) {
                    Double average = parseAverage(pair[1]);
                    Json.putIfPresent(figures, pair[0] + "Percent", average);
                }
            }
            pressure.put(parts[0], figures);
        }
        return pressure;
    }

    private static Double parseAverage(String text) {
        if (!text.matches("\\d{1,3}\\.\\d{1,2}")) {
            return null;
        }
        return Double.valueOf(text);
    }
}
