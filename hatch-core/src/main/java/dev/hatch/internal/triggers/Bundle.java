package dev.hatch.internal.triggers;

import dev.hatch.internal.heap.DumpStore;
import dev.hatch.internal.http.CountingStream;
import dev.hatch.internal.http.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A memory bundle, a process's "last words": small sections written one after the other into one
 * zip, each streamed straight to the file (no section is assembled in memory beyond what its
 * source hands out), cheapest and most telling first, and a {@code manifest.json} last that says
 * what each section holds, how long it took and whether it failed. A section that fails leaves
 * its error in the manifest and the others still come; only the store's quota stops the bundle.
 *
 * <p>Capabilities add their sections at start ({@link #add}); a container trigger writes the
 * bundle when it fires.
 */
public final class Bundle {
    /** Bytes a bundle is assumed to need besides its sections' own estimates. */
    static final long BASE_ESTIMATE = 4L << 20;

    /** Writes one section. */
    @FunctionalInterface
    public interface Section {
        /**
         * Writes the section's bytes; must not close the stream.
         *
         * @return a short note for the manifest (what was left out and why), or null
         */
        String write(OutputStream out) throws Exception;
    }

    private record Part(String name, long estimateBytes, Section section) {
    }

    private final List<Part> parts = new CopyOnWriteArrayList<>();

    /**
     * Adds a section.
     *
     * @param name the zip entry's name
     * @param estimateBytes what it may take at most, for the quota check before writing
     */
    public void add(String name, long estimateBytes, Section section) {
        parts.add(new Part(name, estimateBytes, section));
    }

    /** The sections' names, in the order they are written. */
    public List<String> sections() {
        List<String> names = new ArrayList<>();
        for (Part p : parts) {
            names.add(p.name());
        }
        names.add("manifest.json");
        return names;
    }

    /** What a bundle is expected to need on disk. */
    public long estimateBytes() {
        long sum = BASE_ESTIMATE;
        for (Part p : parts) {
            sum += p.estimateBytes();
        }
        return sum;
    }

    /**
     * Writes every section and the manifest as a zip.
     *
     * @param about what the manifest says first: trigger, reason...
     * @throws DumpStore.OverQuota when the store's quota cuts the bundle off
     */
    public void write(OutputStream out, Map<String, Object> about) throws IOException {
        // Closed in every case (its deflater holds native memory until then); the file stays the caller's.
        try (ZipOutputStream zip = new ZipOutputStream(new CountingStream(out, true), StandardCharsets.UTF_8)) {
            writeAll(zip, about);
        }
    }

    private void writeAll(ZipOutputStream zip, Map<String, Object> about) throws IOException {
        List<Object> written = new ArrayList<>();
        for (Part p : parts) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", p.name());
            long start = System.nanoTime();
            CountingStream counting = new CountingStream(zip, true);
            zip.putNextEntry(new ZipEntry(p.name()));
            try {
                String note = p.section().write(counting);
                entry.put("outcome", "ok");
                if (note != null) {
                    entry.put("note", note);
                }
            } catch (Exception | LinkageError e) {
                DumpStore.OverQuota over = overQuota(e);
                if (over != null) {
                    throw over;
                }
                entry.put("outcome", "error");
                entry.put("error", e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
            zip.closeEntry();
            entry.put("bytes", counting.count());
            entry.put("durationMs", (System.nanoTime() - start) / 1_000_000);
            written.add(entry);
        }
        Map<String, Object> manifest = new LinkedHashMap<>(about);
        manifest.put("written", Instant.now().toString());
        manifest.put("pid", ProcessHandle.current().pid());
        manifest.put("sections", written);
        zip.putNextEntry(new ZipEntry("manifest.json"));
        zip.write(Json.write(manifest).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        zip.finish();
    }

    /** The quota's refusal anywhere in the cause chain (Json wraps IOExceptions, for one). */
    private static DumpStore.OverQuota overQuota(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof DumpStore.OverQuota over) {
                return over;
            }
        }
        return null;
    }
}
