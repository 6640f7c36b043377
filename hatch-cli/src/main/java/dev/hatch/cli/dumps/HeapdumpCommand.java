package dev.hatch.cli.dumps;

import dev.hatch.cli.HatchCommand;
import dev.hatch.cli.connection.Durations;
import dev.hatch.cli.connection.Failures;
import dev.hatch.cli.connection.HatchClient;
import dev.hatch.cli.output.CliException;
import dev.hatch.cli.output.OutputOptions;
import dev.hatch.cli.output.Terminals;
import dev.hatch.cli.output.Text;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hatch heapdump -o FILE}: streams {@code GET /ops/heapdump} into a file, or with
 * {@code --stored} has the server write the dump first and downloads it resumably. The file
 * appears under its name only once complete and verified against the announced size.
 */
@Command(name = "heapdump", description = "Download a heap dump (HPROF) with a progress bar; --stored resumes broken downloads.")
public final class HeapdumpCommand implements Callable<Integer> {
    private static final Duration DUMP_HEAD_TIMEOUT = Duration.ofMinutes(30);

    @ParentCommand
    HatchCommand root;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the dump, e.g. heap.hprof; a name ending in .gz implies --gzip, and --gzip adds .gz to a name without it.")
    Path output;

    @Option(names = "--gzip", description = "Have the server compress the dump (after the pause, not inside it).")
    boolean gzip;

    @Option(names = "--live", arity = "0..1", defaultValue = "true", fallbackValue = "true", paramLabel = "true|false",
            description = "Only reachable objects (a full GC first); --live=false keeps garbage too (default ${DEFAULT-VALUE}).")
    boolean live;

    @Option(names = "--stored", description = "Let the server write the dump, then download it with resumption (for large heaps).")
    boolean stored;

    @Option(names = "--id", paramLabel = "ID", description = "Download (or resume) the stored dump ID instead of taking a new one.")
    String id;

    @Option(names = "--list", description = "List the stored dumps on the server.")
    boolean list;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "5", description = "Resume a broken stored download up to N times (default ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "30m", converter = Durations.class,
            description = "How long to wait for the server to write a stored dump (default ${DEFAULT-VALUE}).")
    Duration waitLimit;

    @Option(names = "--keep", description = "Keep the stored dump on the server after the download (default: delete it).")
    boolean keep;

    @Mixin
    ReplaceOption replace;

    @Override
    public Integer call() {
        if (!list) {
            if (output == null) {
                throw CliException.usage("heapdump needs -o FILE (where to write the dump)");
            }
            output = compressedName(output);
            if (retries < 0 || retries > 100) {
                throw CliException.usage("--retries must be between 0 and 100");
            }
            replace.check(output);
        }
        HatchClient client = root.client();
        StoredDumps storedDumps = new StoredDumps(client, root.out(), root.err(), root.output());
        if (list) {
            storedDumps.list();
            return 0;
        }
        Progress progress = new Progress(root.err(), Terminals.interactive() && !root.output().json(), "heap dump");
        Duration head = root.connection().timeout(DUMP_HEAD_TIMEOUT);
        Download download = new Download(client, progress, head, client.timeout());
        long start = System.nanoTime();
        if (stored || id != null) {
            long bytes = storedDumps.download(download, progress, id, output, live, gzip, retries, waitLimit, keep, replace);
            report(bytes, -1, start);
            return 0;
        }
        Path part = Download.partFile(output);
        Download.freshPart(part);
        Thread cleanup = new Thread(() -> Download.deleteQuietly(part), "hatch-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            progress.message("heap dump: the service is writing it (the application pauses meanwhile)...");
            URI uri = client.target().resolve("/heapdump?live=" + live + "&gzip=" + gzip);
            Download.Result r;
            try {
                r = download.transfer(uri, part, 0, null, "heap dump route");
            } catch (IOException e) {
                CliException c = Failures.fromException(e, client.target(), client.timeout());
                throw new CliException(c.exitCode(), c.getMessage() + (Download.size(part) > 0
                        ? " (after " + Text.bytes(Download.size(part)) + "; a streamed dump cannot resume: use --stored for large heaps)" : ""));
            } finally {
                progress.done();
            }
            long dumpBytes = r.headers().firstValueAsLong("X-Hatch-Dump-Bytes").orElse(-1);
            verify(part, r, dumpBytes);
            replace.commit(part, output);
            report(r.bytes(), dumpBytes, start);
            return 0;
        } finally {
            Download.deleteQuietly(part);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // shutting down already
            }
        }
    }

    /**
     * Keeps the file's name and contents in step: {@code --gzip -o x.hprof} writes
     * {@code x.hprof.gz} (saying so), and {@code -o x.hprof.gz} alone asks for a compressed dump.
     */
    private Path compressedName(Path file) {
        boolean named = file.getFileName().toString().endsWith(".gz");
        if (gzip && !named) {
            Path renamed = file.resolveSibling(file.getFileName() + ".gz");
            root.err().println("hatch: --gzip: writing " + renamed + " (a compressed dump), not " + file);
            return renamed;
        }
        if (named) {
            gzip = true;
        }
        return file;
    }

    private void verify(Path part, Download.Result r, long dumpBytes) {
        long size = Download.size(part);
        long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (length >= 0 && size != length) {
            throw CliException.failed("the dump is incomplete: " + size + " of " + length + " bytes arrived; try again");
        }
        if (!gzip && dumpBytes >= 0 && size != dumpBytes) {
            throw CliException.failed("the dump is incomplete: " + size + " bytes arrived, the server wrote " + dumpBytes);
        }
        if (gzip) {
            checkGzip(part, dumpBytes);
        }
    }

    /** A gzip file ends with the uncompressed size modulo 2^32: checks it against what the server dumped. */
    static void checkGzip(Path file, long dumpBytes) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (raf.length() < 18 || raf.read() != 0x1f || raf.read() != 0x8b) {
                throw CliException.failed("the compressed dump is not a gzip file");
            }
            raf.seek(raf.length() - 4);
            long isize = Integer.toUnsignedLong(Integer.reverseBytes(raf.readInt()));
            if (dumpBytes >= 0 && isize != (dumpBytes & 0xffffffffL)) {
                throw CliException.failed("the compressed dump is incomplete: it ends with a size that does not match the "
                        + dumpBytes + " bytes the server dumped");
            }
        } catch (IOException e) {
            throw CliException.failed("cannot check " + file + ": " + e.getMessage());
        }
    }

    private void report(long bytes, long dumpBytes, long startNanos) {
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        if (!root.output().printJson(root.out(), OutputOptions.object("file", output.toAbsolutePath().toString(), "bytes", bytes,
                "dumpBytes", dumpBytes, "durationMs", ms))) {
            root.out().println("wrote " + output + " (" + Text.bytes(bytes) + (dumpBytes >= 0 && dumpBytes != bytes
                    ? ", " + Text.bytes(dumpBytes) + " uncompressed" : "") + ") in " + String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0));
        }
    }
}
