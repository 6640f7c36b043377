package dev.hatch.internal.triggers;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One armed trigger and its state: how often it fired, when it may fire next, why it last did not. */
final class ArmedTrigger {
    private static final long BUSY_RETRY_MS = 5_000;

    private final TriggerSpec spec;
    private long nextAllowedMs;
    private int count;
    private long lastFiredMs = -1;
    private String lastDumpId;
    private String lastSkipped;
    private long lastSkippedMs = -1;

    ArmedTrigger(TriggerSpec spec) {
        this.spec = spec;
    }

    TriggerSpec spec() {
        return spec;
    }

    /** Reserves a firing if enabled, under the count and out of cooldown. */
    synchronized boolean claim(long now) {
        if (!spec.enabled() || count >= spec.maxCount() || now < nextAllowedMs) {
            return false;
        }
        nextAllowedMs = now + spec.cooldown().toMillis();
        return true;
    }

    synchronized void fired(String dumpId, long now) {
        count++;
        lastFiredMs = now;
        lastDumpId = dumpId;
    }

    synchronized void busy(long now) {
        nextAllowedMs = now + Math.min(BUSY_RETRY_MS, spec.cooldown().toMillis());
        lastSkipped = "another heap dump was running; retrying";
        lastSkippedMs = now;
    }

    synchronized void skipped(String why, long now) {
        lastSkipped = why;
        lastSkippedMs = now;
    }

    synchronized Map<String, Object> toJson() {
        Map<String, Object> m = spec.toJson();
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("fired", count);
        st.put("exhausted", count >= spec.maxCount());
        st.put("lastFired", lastFiredMs < 0 ? null : Instant.ofEpochMilli(lastFiredMs).toString());
        st.put("lastDumpId", lastDumpId);
        st.put("nextAllowed", nextAllowedMs == 0 ? null : Instant.ofEpochMilli(nextAllowedMs).toString());
        st.put("lastSkipped", lastSkipped == null ? null : Map.of("time", Instant.ofEpochMilli(lastSkippedMs).toString(),
                "reason", lastSkipped));
        m.put("state", st);
        return m;
    }
}
