package dev.hatch.internal.container;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads {@code status} and {@code smaps_rollup} from a {@code /proc/self}-shaped directory. */
final class ProcessMemoryReader {
    /** The status lines worth reporting, kernel name → JSON name (all in kB in the file). */
    private static final Map<String, String> STATUS_FIELDS = statusFields();

    private ProcessMemoryReader() {
    }

    static ProcessMemory read(Path procSelf, Notes notes) {
        return read(procSelf, notes, true);
    }

    /**
     * As {@link #read(Path, Notes)}; {@code smapsRollup=false} skips {@code smaps_rollup}, which
     * costs 1 to 4 ms in a JVM (the kernel walks every mapping) where {@code status} costs tens
     * of microseconds: metrics, read on every scrape, need only {@code status}.
     */
    static ProcessMemory read(Path procSelf, Notes notes, boolean smapsRollup) {
        Map<String, Long> status = new LinkedHashMap<>();
        Long threads = null;
        String statusText = BoundedFile.read(procSelf.resolve("status"), notes).orElse("");
        Map<String, Long> rawStatus = Text.colonLines(statusText);
        STATUS_FIELDS.forEach((kernelName, jsonName) -> {
            Long value = rawStatus.get(kernelName);
            if (value != null) {
                status.put(jsonName, value);
            }
        });
        if (rawStatus.containsKey("Threads")) {
            threads = rawStatus.get("Threads");
        }

        Map<String, Long> rollup = new LinkedHashMap<>();
        // smaps_rollup walks every mapping of the process: cheap compared to smaps, but not free.
        if (smapsRollup) {
            BoundedFile.readIfPresent(procSelf.resolve("smaps_rollup"), notes).ifPresent(text ->
                    Text.colonLines(text).forEach((key, value) -> rollup.put(Text.camel(key) + "Bytes", value)));
        }

        Long rss = status.get("vmRssBytes");
        if (rss == null) {
            rss = rollup.get("rssBytes");
        }
        if (rss == null) {
            notes.add("resident set size unknown: neither VmRSS nor smaps_rollup Rss could be read");
        }
        return new ProcessMemory(rss, threads, status, rollup);
    }

    private static Map<String, String> statusFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("VmRSS", "vmRssBytes");
        fields.put("VmHWM", "vmHwmBytes");
        fields.put("RssAnon", "rssAnonBytes");
        fields.put("RssFile", "rssFileBytes");
        fields.put("RssShmem", "rssShmemBytes");
        fields.put("VmSwap", "vmSwapBytes");
        fields.put("VmSize", "vmSizeBytes");
        fields.put("VmData", "vmDataBytes");
        fields.put("VmPTE", "vmPteBytes");
        return Collections.unmodifiableMap(fields);
    }
}
