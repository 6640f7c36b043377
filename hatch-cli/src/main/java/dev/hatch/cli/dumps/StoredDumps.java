package dev.hatch.cli.dumps;

import dev.hatch.cli.connection.Failures;
import dev.hatch.cli.connection.HatchClient;
import dev.hatch.cli.output.CliException;
import dev.hatch.cli.output.Doc;
import dev.hatch.cli.output.OutputOptions;
import dev.hatch.cli.output.Table;
import dev.hatch.cli.output.Text;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Stored heap dumps: {@code POST /ops/heapdumps} starts one (202 with {@code Location}),
 * {@code GET /ops/heapdumps} lists them with their state, {@code GET /ops/heapdumps/{id}}
 * downloads one with {@code Range} support, {@code DELETE} removes it.
 */
final class StoredDumps {
    private static final Set<String> READY = Set.of("ready", "complete", "completed", "done", "stored", "available", "finished");
    private static final Set<String> FAILED = Set.of("failed", "error", "aborted", "cancelled");

    private final HatchClient client;
    private final PrintStream out;
    private final PrintStream err;
    private final OutputOptions options;

    StoredDumps(HatchClient client, PrintStream out, PrintStream err, OutputOptions options) {
        this.client = client;
        this.out = out;
        this.err = err;
        this.options = options;
    }

    /** Prints the stored dumps. */
    void list() {
        HatchClient.Reply r = client.get("/heapdumps", "stored heap dumps");
        if (options.printJson(out, r.raw())) {
            return;
        }
        List<Doc> entries = entries(r.json("the stored dumps"));
        if (entries.isEmpty()) {
            out.println("no stored dumps");
            return;
        }
        Table t = new Table("ID", "STATE", ">SIZE", "CREATED");
        for (Doc e : entries) {
            double bytes = e.first("bytes", "size").num();
            t.row(e.get("id").str("?"), e.get("state").str(""), Double.isNaN(bytes) ? "" : Text.bytes(bytes),
                    e.first("created", "createdAt", "time").str(""));
        }
        t.print(out);
    }

    /** Takes (or, with an id, reuses) a stored dump and downloads it; returns its size. */
    long download(Download download, Progress progress, String id, Path output, boolean live, boolean gzip, int retries,
                  Duration waitLimit, boolean keep, ReplaceOption replace) {
        Path part = Download.partFile(output);
        URI uri;
        if (id == null) {
            HatchClient.Reply r = client.call("POST", client.target().resolve("/heapdumps?live=" + live + (gzip ? "&gzip=true" : "")),
                    null, client.timeout(), "stored heap dumps");
            String location = r.headers().firstValue("Location").orElse(null);
            String bodyId = r.body().isBlank() ? null : Doc.parse(r.body(), "the stored dump").get("id").str();
            if (location == null && bodyId == null) {
                throw CliException.failed("the server started a stored dump but did not say where it is (no Location)");
            }
            uri = location != null ? client.target().location(location) : client.target().resolve("/heapdumps/" + bodyId);
            id = bodyId != null ? bodyId : uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
            Download.freshPart(part);
            progress.note("hatch: stored dump " + id + "; should the download break for good, resume it with: hatch heapdump --id "
                    + id + " -o " + output);
        } else {
            if (!id.matches("[A-Za-z0-9._-]{1,128}")) {
                throw CliException.usage("--id '" + Text.line(id, 40) + "' is not a stored dump id");
            }
            uri = client.target().resolve("/heapdumps/" + id);
            if (!Files.exists(part)) {
                Download.freshPart(part);
            } else {
                progress.note("hatch: resuming " + part + " (" + Text.bytes(Download.size(part)) + " already here)");
            }
        }
        Doc entry = awaitReady(id, progress, waitLimit);
        long expected = entry.first("bytes", "size").lng(-1);
        long bytes;
        try {
            bytes = download.resume(uri, part, retries, expected, "stored heap dump " + id);
        } finally {
            progress.done();
        }
        if (expected >= 0 && bytes != expected) {
            throw CliException.failed("stored dump " + id + " has " + expected + " bytes on the server but " + bytes + " arrived");
        }
        replace.commit(part, output);
        if (!keep) {
            try {
                client.call("DELETE", uri, null, client.timeout(), "stored heap dumps");
            } catch (CliException e) {
                err.println("hatch: warning: the dump was downloaded but not deleted on the server: " + e.getMessage());
            }
        }
        return bytes;
    }

    /** Polls the list until the dump is ready; fails when it failed, vanished, or took too long. */
    private Doc awaitReady(String id, Progress progress, Duration waitLimit) {
        long start = System.nanoTime();
        long deadline = start + waitLimit.toNanos();
        while (true) {
            Doc entry = null;
            for (Doc e : entries(client.get("/heapdumps", "stored heap dumps").json("the stored dumps"))) {
                if (id.equals(e.get("id").str())) {
                    entry = e;
                }
            }
            if (entry == null) {
                throw CliException.failed("stored dump " + id + " is not on the server (any more); hatch heapdump --list shows what is");
            }
            String state = entry.get("state").str("ready").toLowerCase(Locale.ROOT);
            if (READY.contains(state)) {
                return entry;
            }
            if (FAILED.contains(state)) {
                throw CliException.failed("the server could not write stored dump " + id + ": "
                        + Text.line(entry.first("error", "detail", "reason").str(state), 200));
            }
            long elapsed = System.nanoTime() - start;
            if (System.nanoTime() > deadline) {
                throw new CliException(CliException.TIMEOUT, "stored dump " + id + " is still '" + Text.line(state, 20) + "' after "
                        + Failures.seconds(waitLimit) + " (--wait); resume later with: hatch heapdump --id " + id + " -o FILE");
            }
            progress.message("heap dump: the server is writing stored dump " + id + " (" + Text.line(state, 20) + ", "
                    + elapsed / 1_000_000_000 + " s)");
            try {
                Thread.sleep(elapsed < 5_000_000_000L ? 250 : 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliException.failed("interrupted");
            }
        }
    }

    /** The entries of the list answer: an array, or the first array member of an object. */
    static List<Doc> entries(Doc list) {
        if (list.isList()) {
            return list.list();
        }
        for (Doc member : list.members().values()) {
            if (member.isList()) {
                return member.list();
            }
        }
        return List.of();
    }
}
