package dev.hatch.internal.container;

import java.util.Collections;
import java.util.LinkedHashMap;
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
 * @param details the rest, already in JSON shape (events, stat, pressure, OOM control...)
 */
public record CgroupMemory(
        String version, String path, Long limitBytes, Long usageBytes, Long peakUsageBytes, Map<String, Object> details) {

    /** v1 writes "no limit" as a huge number: LONG_MAX rounded down to a page, or near it. */
    static final long V1_UNLIMITED_THRESHOLD = 1L << 62;

    public CgroupMemory {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
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
        json.putAll(Json.copy(details));
        return json;
    }
}
