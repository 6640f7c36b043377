package dev.hatch.internal.heap;

import dev.hatch.internal.http.Route;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One stored artifact: a heap dump ({@code .hprof}) or a memory bundle ({@code .zip}, what a
 * container trigger stores: its "last words").
 *
 * @param id its id, e.g. {@code 20260102T030405Z-1a2b3c}
 * @param state its state
 * @param bytes its size when ready, else 0
 * @param created when it was requested (running, failed) or finished (ready)
 * @param origin who asked: a principal, or {@code trigger:NAME}; null for dumps found on disk
 * @param error why it failed, else null
 * @param file the file when ready, else null
 * @param kind {@link #HEAPDUMP} or {@link #BUNDLE}
 */
public record StoredDump(String id, State state, long bytes, Instant created, String origin, String error, Path file, String kind) {
    /** The kind of a heap dump. */
    public static final String HEAPDUMP = "heapdump";
    /** The kind of a memory bundle. */
    public static final String BUNDLE = "bundle";

    /** A heap dump. */
    public StoredDump(String id, State state, long bytes, Instant created, String origin, String error, Path file) {
        this(id, state, bytes, created, origin, error, file, HEAPDUMP);
    }

    /** This entry with another origin. */
    StoredDump withOrigin(String newOrigin) {
        return new StoredDump(id, state, bytes, created, newOrigin, null, file, kind);
    }

    /** The file name a download is offered under. */
    public String downloadName() {
        return kind.equals(BUNDLE) ? "memory-bundle-" + id + ".zip" : "heap-" + id + ".hprof";
    }

    /** The download's content type. */
    public String contentType() {
        return kind.equals(BUNDLE) ? "application/zip" : "application/octet-stream";
    }

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
        m.put("kind", kind);
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
