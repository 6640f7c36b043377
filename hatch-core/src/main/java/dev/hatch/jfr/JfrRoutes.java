package dev.hatch.jfr;

import dev.hatch.Scope;
import dev.hatch.http.Exchange;
import dev.hatch.http.Problem;
import dev.hatch.http.Route;
import dev.hatch.security.PrivateFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /ops/jfr?last=N}: the last N seconds of the continuous recording as a {@code .jfr}
 * file. {@code GET /ops/profile?seconds=10&event=cpu|alloc|lock&format=collapsed|html|jfr}: a
 * JFR profile of the given length as folded stacks, a self-contained HTML flame graph or the
 * raw recording. Recordings go to files in the private dump directory and are deleted whatever
 * happens, including a client that disconnects.
 */
public final class JfrRoutes implements AutoCloseable {
    /** Longest profile a request may ask for. */
    public static final int MAX_PROFILE_SECONDS = 120;
    private static final System.Logger LOG = System.getLogger("dev.hatch.jfr");
    // A runtime image made with jlink may lack JFR; then only these routes answer 501.
    private static final boolean JFR_PRESENT = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    private final Path dir;
    private final ContinuousRecording continuous;
    private final Profiler profiler = new Profiler();
    private final Semaphore oneDump = new Semaphore(1);
    private final AtomicLong sequence = new AtomicLong();

    /**
     * @param dir private directory (0700) for the recordings while they are streamed
     * @param continuous whether the continuous recording runs; it starts in the background
     * @param maxAge how far back the continuous recording reaches
     * @param maxSize bytes the continuous recording may keep on disk
     * @param settings the JDK's JFR settings for it: {@code default} or {@code profile}
     */
    public JfrRoutes(Path dir, boolean continuous, Duration maxAge, long maxSize, String settings) throws IOException {
        this.dir = PrivateFiles.directory(dir);
        this.continuous = continuous && JFR_PRESENT ? new ContinuousRecording(maxAge, maxSize, settings) : null;
        if (this.continuous != null) {
            this.continuous.startInBackground();
        } else if (continuous) {
            LOG.log(System.Logger.Level.WARNING, "hatch.jfr.continuous=true but this runtime has no jdk.jfr module");
        }
    }

    /** The routes. */
    public List<Route> routes() {
        return List.of(Route.get("/ops/jfr", Scope.DUMP, "jfr", this::recording),
                Route.get("/ops/profile", Scope.DUMP, "profile", this::profile));
    }

    private void recording(Exchange ex) throws Exception {
        ex.allowOnly(Set.of("last"));
        requireJfr();
        if (continuous == null) {
            // 409, not 403: 403 always means the token lacks a scope, and the token is fine here.
            throw Problem.conflict("the continuous JFR recording is off; start Hatch with hatch.jfr.continuous=true"
                    + " (builder: jfrContinuous(true)), or record a profile now with GET /ops/profile?format=jfr");
        }
        int maxSeconds = (int) Math.min(Integer.MAX_VALUE, continuous.maxAge().toSeconds());
        int last = ex.intParam("last", Math.min(300, maxSeconds), 1, maxSeconds);
        ex.audit("lastSeconds", last);
        if (!oneDump.tryAcquire()) {
            throw Problem.conflict("a JFR dump is already being written; retry in a moment");
        }
        Path file = null;
        try {
            file = newFile("last" + last + "s");
            continuous.dump(Duration.ofSeconds(last), file);
            PrivateFiles.restrict(file);
            stream(ex, file, "application/octet-stream", fileName("jfr-last" + last + "s", "jfr"));
        } finally {
            delete(file);
            oneDump.release();
        }
    }

    private void profile(Exchange ex) throws Exception {
        ex.allowOnly(Set.of("seconds", "event", "format"));
        requireJfr();
        int seconds = ex.intParam("seconds", 10, 1, MAX_PROFILE_SECONDS);
        ProfileEvent event = ProfileEvent.parse(ex.query("event"));
        String format = ex.query("format") == null ? "collapsed" : ex.query("format");
        if (!Set.of("collapsed", "html", "jfr").contains(format)) {
            throw Problem.badRequest("format must be collapsed, html or jfr");
        }
        ex.audit("event", event.id());
        ex.audit("seconds", seconds);
        Path file = null;
        try {
            file = newFile("profile-" + event.id());
            profiler.record(event, Duration.ofSeconds(seconds), file);
            PrivateFiles.restrict(file);
            if (format.equals("jfr")) {
                stream(ex, file, "application/octet-stream", fileName("profile-" + event.id(), "jfr"));
                return;
            }
            StackTree tree = StackTree.read(file, event);
            ex.audit("events", tree.events());
            ex.header("X-Hatch-Profile-Events", Long.toString(tree.events()));
            if (format.equals("html")) {
                ex.header("Content-Type", "text/html; charset=utf-8");
                ex.header("Content-Disposition", "attachment; filename=\"" + fileName("profile-" + event.id(), "html") + "\"");
                String title = event.id().toUpperCase(java.util.Locale.ROOT) + " profile of pid " + ProcessHandle.current().pid()
                        + ", " + seconds + " s, " + tree.events() + " events, weights in " + event.unit();
                try (Writer w = writer(ex)) {
                    FlameGraph.write(tree, title, event.unit(), w);
                }
            } else {
                ex.header("Content-Type", "text/plain; charset=utf-8");
                try (Writer w = writer(ex)) {
                    Folded.write(tree, w);
                }
            }
        } finally {
            delete(file);
        }
    }

    private static void requireJfr() {
        if (!JFR_PRESENT) {
            throw new Problem(501, "Not implemented", "this Java runtime has no jdk.jfr module, so it cannot record;"
                    + " run the application on a full JDK or JRE");
        }
    }

    private static Writer writer(Exchange ex) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(ex.stream(200, -1), StandardCharsets.UTF_8), 64 * 1024);
    }

    private static void stream(Exchange ex, Path file, String type, String name) throws IOException {
        long size = Files.size(file);
        ex.audit("fileBytes", size);
        ex.header("Content-Type", type);
        ex.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        try (InputStream in = Files.newInputStream(file); OutputStream out = ex.stream(200, size)) {
            in.transferTo(out);
        }
    }

    private Path newFile(String what) {
        return dir.resolve("hatch-jfr-" + ProcessHandle.current().pid() + "-" + sequence.incrementAndGet() + "-" + what + ".jfr");
    }

    private static String fileName(String what, String extension) {
        return "hatch-" + ProcessHandle.current().pid() + "-" + what + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "." + extension;
    }

    private static void delete(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete JFR file " + file, e);
        }
    }

    /** Stops the continuous recording and ends a running profile. */
    @Override
    public void close() {
        profiler.close();
        if (continuous != null) {
            continuous.close();
        }
    }
}
