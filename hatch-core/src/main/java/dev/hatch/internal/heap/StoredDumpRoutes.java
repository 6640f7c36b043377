package dev.hatch.internal.heap;

import dev.hatch.Scope;
import dev.hatch.internal.http.Exchange;
import dev.hatch.internal.http.HttpDates;
import dev.hatch.internal.http.IfRange;
import dev.hatch.internal.http.Problem;
import dev.hatch.internal.http.Route;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stored dumps: {@code POST /ops/heapdumps} (202 and {@code Location}), {@code GET /ops/heapdumps}
 * (list), {@code GET /ops/heapdumps/{id}} (download; {@code Range}, {@code If-Range} and a strong
 * {@code ETag} make it resumable) and {@code DELETE /ops/heapdumps/{id}}.
 */
public final class StoredDumpRoutes {
    private static final int BUFFER = 256 * 1024;
    private final DumpStore store;

    /** Routes over the given store. */
    public StoredDumpRoutes(DumpStore store) {
        this.store = store;
    }

    /** The routes. */
    public List<Route> routes() {
        return List.of(
                Route.post(Route.PREFIX + "/heapdumps", Scope.DUMP, "heapdumps-start", this::start),
                Route.get(Route.PREFIX + "/heapdumps", Scope.DUMP, "heapdumps", this::list),
                Route.get(Route.PREFIX + "/heapdumps/{id}", Scope.DUMP, "heapdumps-download", this::download),
                new Route("DELETE", Route.PREFIX + "/heapdumps/{id}", Scope.DUMP, "heapdumps-delete", this::delete));
    }

    private void start(Exchange ex) throws Exception {
        ex.allowOnly(Set.of("live"));
        boolean live = ex.boolParam("live", true);
        StoredDump e = store.start(live, ex.principal() == null ? "anonymous" : ex.principal().name(), null);
        ex.audit("dumpId", e.id());
        String location = Route.PREFIX + "/heapdumps/" + e.id();
        ex.header("Location", location);
        ex.json(202, e.toJson());
    }

    private void list(Exchange ex) throws Exception {
        ex.allowOnly(Set.of());
        List<Object> dumps = new ArrayList<>();
        long used = 0;
        for (StoredDump e : store.list()) {
            dumps.add(e.toJson());
            used += e.bytes();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dumps", dumps);
        body.put("usedBytes", used);
        body.put("quotaBytes", store.quotaBytes());
        ex.json(200, body);
    }

    private StoredDump ready(Exchange ex) {
        String id = ex.pathParam("id");
        StoredDump e = store.get(id);
        if (e == null) {
            throw Problem.notFound("no stored dump " + id + "; GET /ops/heapdumps lists them");
        }
        if (e.state() == StoredDump.State.RUNNING) {
            throw Problem.conflict("dump " + id + " is still being written; GET /ops/heapdumps shows when it is ready")
                    .withHeader("Retry-After", "5");
        }
        if (e.state() == StoredDump.State.FAILED) {
            throw Problem.conflict("dump " + id + " failed: " + e.error() + "; delete it and start another");
        }
        return e;
    }

    private void download(Exchange ex) throws Exception {
        ex.allowOnly(Set.of());
        StoredDump e = ready(ex);
        long length = e.bytes();
        // The id, the length and the file's own modification time, read now: a file that was
        // changed or replaced under the same id gets a new tag, so a resumed download starts over.
        Instant modified = java.nio.file.Files.getLastModifiedTime(e.file()).toInstant();
        String etag = "\"" + e.id() + "-" + length + "-" + Long.toHexString(modified.toEpochMilli()) + "\"";
        String rangeHeader = ex.request().header("Range");
        boolean rangeAllowed = rangeHeader != null
                && IfRange.allowsRange(ex.request().header("If-Range"), etag, modified, Instant.now());
        ByteRange range = rangeAllowed ? ByteRange.parse(rangeHeader, length) : null;
        ex.header("Content-Type", e.contentType());
        ex.header("Content-Disposition", "attachment; filename=\"" + e.downloadName() + "\"");
        ex.header("Accept-Ranges", "bytes");
        ex.header("ETag", etag);
        ex.header("Last-Modified", HttpDates.format(modified));
        long first = 0;
        long count = length;
        int status = 200;
        if (range != null) {
            first = range.first();
            count = range.length();
            status = 206;
            ex.header("Content-Range", range.contentRange(length));
        }
        ex.audit("dumpId", e.id());
        ex.audit("rangeFirst", first);
        try (FileChannel in = FileChannel.open(e.file(), StandardOpenOption.READ);
             OutputStream out = ex.stream(status, count)) {
            WritableByteChannel target = Channels.newChannel(out);
            ByteBuffer buf = ByteBuffer.allocate(BUFFER);
            long position = first;
            long remaining = count;
            while (remaining > 0) {
                buf.clear();
                if (remaining < buf.capacity()) {
                    buf.limit((int) remaining);
                }
                int n = in.read(buf, position);
                if (n < 0) {
                    throw new java.io.EOFException("dump " + e.id() + " shrank while being sent");
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    target.write(buf);
                }
                position += n;
                remaining -= n;
            }
        } catch (java.nio.file.NoSuchFileException gone) {
            throw Problem.notFound("stored dump " + e.id() + " was deleted meanwhile");
        }
    }

    private void delete(Exchange ex) throws Exception {
        ex.allowOnly(Set.of());
        String id = ex.pathParam("id");
        if (!store.delete(id)) {
            throw Problem.notFound("no stored dump " + id + "; GET /ops/heapdumps lists them");
        }
        ex.audit("dumpId", id);
    }
}
