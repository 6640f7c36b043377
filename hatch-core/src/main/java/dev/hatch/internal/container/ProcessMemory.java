package dev.hatch.internal.container;

import dev.hatch.internal.http.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * This process's resident memory, from {@code /proc/self/status} and {@code
 * /proc/self/smaps_rollup} (kernel 4.14+).
 *
 * @param rssBytes resident set size: {@code VmRSS}, else smaps_rollup's {@code Rss}; null if
 *     neither could be read
 * @param threads the {@code Threads} line (every OS thread, the JVM's own included), or null
 * @param status the byte figures of {@code status}, JSON-named ({@code vmRssBytes}...)
 * @param smapsRollup every figure of {@code smaps_rollup}, JSON-named ({@code pssAnonBytes}...)
 */
public record ProcessMemory(Long rssBytes, Long threads, Map<String, Long> status, Map<String, Long> smapsRollup) {

    public ProcessMemory {
        status = Collections.unmodifiableMap(new LinkedHashMap<>(status));
        smapsRollup = Collections.unmodifiableMap(new LinkedHashMap<>(smapsRollup));
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        Json.putIfPresent(json, "rssBytes", rssBytes);
        Json.putIfPresent(json, "threads", threads);
        if (!status.isEmpty()) {
            json.put("status", new LinkedHashMap<>(status));
        }
        if (!smapsRollup.isEmpty()) {
            json.put("smapsRollup", new LinkedHashMap<>(smapsRollup));
        }
        return json;
    }
}
