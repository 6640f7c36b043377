package dev.hatch.internal.heap;

import dev.hatch.Scope;
import dev.hatch.internal.http.Capability;
import dev.hatch.internal.http.Exchange;
import dev.hatch.internal.http.Route;
import dev.hatch.internal.security.Exclusive;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /ops/heapdump?live=true&gzip=false}: dumps the heap and streams the file, raw with
 * {@code Content-Length} or gzip-compressed after the dump's pause in parallel 1 MB blocks on up to four
 * threads ({@link ParallelGzip}; unlike
 * {@code jcmd -gz}, which compresses inside it). The file is deleted whatever happens, including
 * a client that disconnects halfway.
 */
public final class HeapDumpRoute implements Capability {
    private final HeapDumper dumper;

    /** Streams dumps written by the given dumper. */
    public HeapDumpRoute(HeapDumper dumper) {
        this.dumper = dumper;
    }

    /** The routes. */
    @Override
    public List<Route> routes() {
        return List.of(Route.get(Route.PREFIX + "/heapdump", Scope.DUMP, "heapdump", this::stream));
    }

    @SuppressWarnings("try") // the claim is held, not used, for the whole dump
    private void stream(Exchange ex) throws Exception {
        ex.allowOnly(Set.of("live", "gzip"));
        boolean live = ex.boolParam("live", true);
        boolean gzip = ex.boolParam("gzip", false);
        Path file = null;
        try (Exclusive.Claim claim = dumper.claim()) {
            long start = System.nanoTime();
            file = dumper.dump(live);
            long size = Files.size(file);
            ex.audit("dumpBytes", size);
            ex.audit("dumpMs", (System.nanoTime() - start) / 1_000_000);
            String name = "heap-" + ProcessHandle.current().pid() + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".hprof" + (gzip ? ".gz" : "");
            ex.header("Content-Type", gzip ? "application/gzip" : "application/octet-stream");
            ex.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
            ex.header("X-Hatch-Dump-Bytes", Long.toString(size));
            if (gzip) {
                try (OutputStream body = ex.stream(200, -1)) {
                    ParallelGzip.compress(file, body, ParallelGzip.defaultThreads());
                }
            } else {
                // The file's pages straight to the socket (see HatchResponse.writeFile): no copy through the heap.
                try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                    ex.streamFile(200, in, 0, size);
                }
            }
        } finally {
            if (file != null) {
                HeapDumper.delete(file);
            }
        }
    }

}
