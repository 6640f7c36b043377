package dev.hatch.internal.container;

import dev.hatch.internal.http.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JVM's Native Memory Tracking summary, when the JVM runs with {@code
 * -XX:NativeMemoryTracking=summary} (or {@code detail}).
 *
 * @param enabled whether NMT is on and its summary could be read
 * @param mode the {@code NativeMemoryTracking} flag ({@code off}, {@code summary}, {@code
 *     detail}), or null if it could not be read
 * @param totalReservedBytes the {@code Total:} line's reserved figure, or null
 * @param totalCommittedBytes the {@code Total:} line's committed figure, or null
 * @param categories category name as the JVM prints it ({@code Java Heap}, {@code Class},
 *     {@code Thread}, {@code Other}...) to its figures, in the JVM's order
 */
public record NmtSummary(
        boolean enabled, String mode, Long totalReservedBytes, Long totalCommittedBytes, Map<String, Category> categories) {

    /** One NMT category's reserved and committed bytes. */
    public record Category(long reservedBytes, long committedBytes) {
    }

    public NmtSummary {
        categories = Collections.unmodifiableMap(new LinkedHashMap<>(categories));
    }

    static NmtSummary disabled(String mode) {
        return new NmtSummary(false, mode, null, null, Map.of());
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("enabled", enabled);
        Json.putIfPresent(json, "mode", mode);
        if (enabled) {
            Json.putIfPresent(json, "totalReservedBytes", totalReservedBytes);
            Json.putIfPresent(json, "totalCommittedBytes", totalCommittedBytes);
            Map<String, Object> byName = new LinkedHashMap<>();
            categories.forEach((name, category) -> {
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("reservedBytes", category.reservedBytes());
                figures.put("committedBytes", category.committedBytes());
                byName.put(name, figures);
            });
            json.put("categories", byName);
        }
        return json;
    }
}
