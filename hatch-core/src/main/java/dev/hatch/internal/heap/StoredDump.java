package dev.hatch.internal.heap;

import dev.hatch.internal.http.Route;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One stored heap dump.
 *
 * @param id its id, e.g. {@code 20260102T030405Z-1a2b3c}
 * @param state its state
 * @param bytes its size when ready, else 0
 * @param created when it was requested (running, failed) or finished (ready)
 * @param origin who asked: a principal, or {@code trigger:NAME}; null for dumps found on disk
 * @param error why it failed, else null
 * @param file the file when ready, else null
 */
public record StoredDump(String id, State state, long bytes, Instant created, String origin, String error, Path file) {

    /** State of a stored dump. */
    public enum State {
        /** Being written. */
        RUNNING,
        /** Complete; can be downloaded. */
        READY,
        /** Writing failed; see the error. */
        FAILED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The dump as JSON for the list. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("state", state);
        m.put("bytes", bytes);
        m.put("created", created.toString());
        m.put("location", Route.PREFIX + "/heapdumps/" + id);
        if (origin != null) {
            m.put("origin", origin);
        }
        if (error != null) {
            m.put("error", error);
        }
        return m;
    }
}
