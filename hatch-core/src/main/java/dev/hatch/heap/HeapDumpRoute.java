package dev.hatch.heap;

import dev.hatch.Scope;
import dev.hatch.http.Exchange;
import dev.hatch.http.Route;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /ops/heapdump?live=true&gzip=false}: dumps the heap and streams the file, raw with
 * {@code Content-Length} or gzip-compressed on the fly after the dump's pause (unlike
 * {@code jcmd -gz}, which compresses inside it). The file is deleted whatever happens, including
 * a client that disconnects halfway.
 */
public final class HeapDumpRoute {
    private static final int BUFFER = 256 * 1024;
    private final HeapDumper dumper;

    /** Streams dumps written by the given dumper. */
    public HeapDumpRoute(HeapDumper dumper) {
        this.dumper = dumper;
    }

    /** The routes. */
    public List<Route> routes() {
        return List.of(Route.get("/ops/heapdump", Scope.DUMP, "heapdump", this::stream));
    }

    private void stream(Exchange ex) throws Exception {
        ex.allowOnly(Set.of("live", "gzip"));
        boolean live = ex.boolParam("live", true);
        boolean gzip = ex.boolParam("gzip", false);
        dumper.acquire();
        Path file = null;
        try {
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
            try (InputStream in = Files.newInputStream(file);
                 OutputStream body = ex.stream(200, gzip ? -1 : size);
                 OutputStream out = gzip ? new FastGzip(body) : body) {
                byte[] buf = new byte[BUFFER];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                }
            }
        } finally {
            if (file != null) {
                HeapDumper.delete(file);
            }
            dumper.release();
        }
    }

    /** gzip at level 1: about 4x faster than the default level for a few percent more bytes. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws java.io.IOException {
            super(out, BUFFER);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
