package dev.hatch.internal.container;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resident memory the JVM does not account for: RSS − what the JVM says it holds. With NMT on,
 * the JVM's figure is NMT's committed total; without, heap committed + non-heap committed +
 * thread stacks + buffer pools. Committed is not resident (an untouched committed heap page costs
 * nothing), so the JVM's figure often exceeds RSS; the result is then clamped at zero and says so.
 *
 * @param basis {@code "nmt"} or {@code "pools"}
 * @param rssBytes the process's resident set size
 * @param accountedBytes what the JVM accounts for, per {@code basis}
 * @param differenceBytes {@code rssBytes - accountedBytes}, possibly negative
 * @param notAccountedBytes the difference clamped at zero
 * @param clampedAtZero whether the difference was negative
 */
public record NotAccounted(
        String basis, long rssBytes, long accountedBytes, long differenceBytes, long notAccountedBytes, boolean clampedAtZero) {

    /** The figures, or null when RSS or the JVM's figures are unknown. */
    static NotAccounted of(ProcessMemory process, JvmMemory jvm) {
        if (process == null || process.rssBytes() == null || jvm == null) {
            return null;
        }
        NmtSummary nmt = jvm.nmt();
        boolean useNmt = nmt.enabled() && nmt.totalCommittedBytes() != null;
        long accounted = useNmt ? nmt.totalCommittedBytes() : jvm.poolsTotalBytes();
        long difference = process.rssBytes() - accounted;
        return new NotAccounted(
                useNmt ? "nmt" : "pools", process.rssBytes(), accounted, difference, Math.max(0, difference), difference < 0);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("basis", basis);
        json.put("rssBytes", rssBytes);
        json.put("accountedBytes", accountedBytes);
        json.put("differenceBytes", differenceBytes);
        json.put("notAccountedBytes", notAccountedBytes);
        json.put("clampedAtZero", clampedAtZero);
        return json;
    }
}
