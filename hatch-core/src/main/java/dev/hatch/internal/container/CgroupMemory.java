package dev.hatch.internal.container;

import dev.hatch.internal.http.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process's memory cgroup as the kernel reports it.
 *
 * @param version {@code "v1"}, {@code "v2"} or {@code "none"}
 * @param path the cgroup path from {@code /proc/self/cgroup}
 * @param limitBytes the effective limit (the smallest of this cgroup's and its ancestors'), or
 *     null when there is none: v2 {@code max}, v1 a value of 2^62 or more, or no files at all
 * @param usageBytes {@code memory.current} (v2) or {@code memory.usage_in_bytes} (v1), or null
 * @param peakUsageBytes {@code memory.peak} (v2, kernel 5.19+) or {@code
 *     memory.max_usage_in_bytes} (v1), or null
 * @param details the rest, already in JSON shape (events, stat, pressure, OOM control...);
 *     unmodifiable at every depth, so {@link #toJson()} can hand it out without copying
 */
public record CgroupMemory(
        String version, String path, Long limitBytes, Long usageBytes, Long peakUsageBytes, Map<String, Object> details) {

    /** v1 writes "no limit" as a huge number: LONG_MAX rounded down to a page, or near it. */
    static final long V1_UNLIMITED_THRESHOLD = 1L << 62;

    public CgroupMemory {
        details = frozen(details);
    }

    /** An unmodifiable copy, nested maps and lists included, in the same order. */
    private static Map<String, Object> frozen(Map<String, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(key, frozenValue(value)));
        return Collections.unmodifiableMap(copy);
    }

    private static Object frozenValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, inner) -> copy.put(String.valueOf(key), inner));
            return frozen(copy);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(CgroupMemory::frozenValue).toList();
        }
        return value;
    }

    /**
     * The OOM kills the kernel counted in this cgroup: v2 {@code memory.events oom_kill}, v1
     * {@code memory.oom_control oom_kill} (kernel 4.13+); null where the file has no such line.
     */
    public Long oomKills() {
        if (details.get("events") instanceof Map<?, ?> events && events.get("oomKill") instanceof Long kills) {
            return kills;
        }
        if (details.get("oomControl") instanceof Map<?, ?> oom && oom.get("oomKill") instanceof Long kills) {
            return kills;
        }
        return null;
    }

    /**
     * The counts that move as memory runs out, by name: v2 {@code memory.events} {@code high},
     * {@code max}, {@code oom}, {@code oomKill}; v1 {@code failCount} and {@code oomControl.oomKill}.
     * Empty where the files are missing. {@code high}, {@code max} and {@code failcnt} also move
     * when page cache alone fills the cgroup, {@code oom} and {@code oom_kill} only when the kernel
     * found nothing left to reclaim; {@link #isOomCount(String)} tells them apart.
     */
    public Map<String, Long> exhaustionCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (details.get("events") instanceof Map<?, ?> events) {
            for (String name : new String[] {"high", "max", "oom", "oomKill"}) {
                if (events.get(name) instanceof Long n) {
                    counts.put("memory.events " + name, n);
                }
            }
        }
        if (details.get("failCount") instanceof Long n) {
            counts.put("memory.failcnt", n);
        }
        if (details.get("oomControl") instanceof Map<?, ?> oom && oom.get("oomKill") instanceof Long n) {
            counts.put("memory.oom_control oom_kill", n);
        }
        return counts;
    }

    /**
     * The working set: usage less the inactive page cache ({@code memory.stat inactive_file}; v1
     * {@code total_inactive_file}), which the kernel reclaims before it kills anything; what the
     * kubelet compares with the limit. Usage itself where the stat is missing; null without usage.
     */
    public Long workingSetBytes() {
        if (usageBytes == null) {
            return null;
        }
        long inactive = 0;
        if (details.get("stat") instanceof Map<?, ?> stat) {
            Object v = stat.get("totalInactiveFileBytes") instanceof Long total ? total : stat.get("inactiveFileBytes");
            inactive = v instanceof Long l ? l : 0;
        }
        return Math.max(0, usageBytes - inactive);
    }

    /** Whether a name of {@link #exhaustionCounts()} counts OOM events (rather than reclaim at the limit). */
    public static boolean isOomCount(String name) {
        return name.endsWith(" oom") || name.endsWith("oomKill") || name.endsWith("oom_kill");
    }

    /** Memory pressure: the share of the last 10 s that some task stalled on memory, in percent; null where unknown. */
    public Double pressureSomeAvg10() {
        if (details.get("pressure") instanceof Map<?, ?> p && p.get("some") instanceof Map<?, ?> some
                && some.get("avg10Percent") instanceof Double d) {
            return d;
        }
        return null;
    }

    static CgroupMemory none(String path) {
        return new CgroupMemory("none", path, null, null, null, Map.of());
    }

    /** Whether a limit applies; when false, {@link #limitBytes()} is null and none is invented. */
    public boolean limited() {
        return limitBytes != null;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", version);
        json.put("path", path);
        json.put("limited", limited());
        Json.putIfPresent(json, "limitBytes", limitBytes);
        Json.putIfPresent(json, "usageBytes", usageBytes);
        Json.putIfPresent(json, "peakUsageBytes", peakUsageBytes);
        if (limitBytes != null && usageBytes != null && limitBytes > 0) {
            json.put("headroomBytes", Math.max(0, limitBytes - usageBytes));
        }
        json.putAll(details);
        return json;
    }
}
