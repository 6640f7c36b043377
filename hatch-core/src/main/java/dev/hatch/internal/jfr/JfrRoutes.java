package dev.hatch.internal.jfr;

import dev.hatch.Scope;
import dev.hatch.internal.http.Capability;
import dev.hatch.internal.http.Exchange;
import dev.hatch.internal.http.Problem;
import dev.hatch.internal.http.Route;
import dev.hatch.internal.security.Masking;
import dev.hatch.internal.security.PrivateFiles;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;

/**
 * {@code GET /ops/jfr?last=N}: the last N seconds of the continuous recording as a {@code .jfr}
 * file. {@code GET /ops/profile?seconds=10&event=cpu|alloc|lock&format=collapsed|html|jfr}: a
 * JFR profile of the given length as folded stacks, a self-contained HTML flame graph or the
 * raw recording. Recordings go to files (0600) in the private dump directory and are deleted
 * whatever happens, including a client that disconnects.
 *
 * <p>A {@code .jfr} that leaves the process holds no event that the masking of {@code /ops/env}
 * would alter ({@link SecretEvents}): Hatch's recordings never enable those events, and since
 * another recording in the JVM may, the file is rewritten without them on JDK 19+; on 17, which
 * cannot rewrite a recording, such a file is refused with 409. A profile's {@code .jfr} keeps only
 * the profile's event types within its time window: on JDK 19+ the file is rewritten, on 17 the
 * other events are blanked in place ({@link EventBlanker}).
 */
public final class JfrRoutes implements Capability {
    /** Longest profile a request may ask for. */
    public static final int MAX_PROFILE_SECONDS = 120;
    private static final System.Logger LOG = System.getLogger("dev.hatch.jfr");
    // A runtime image made with jlink may lack JFR; then only these routes answer 501.
    private static final boolean JFR_PRESENT = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    private final Path dir;
    private final ContinuousRecording continuous;
    private final Profiler profiler = new Profiler();
    private final Masking masking;
    private final Semaphore oneDump = new Semaphore(1);
    private final AtomicLong sequence = new AtomicLong();

    /**
     * @param dir private directory (0700) for the recordings while they are streamed
     * @param continuous whether the continuous recording runs; it starts in the background
     * @param maxAge how far back the continuous recording reaches
     * @param maxSize bytes the continuous recording may keep on disk
     * @param settings the JDK's JFR settings for it: {@code default} or {@code profile}
     * @param masking the rules of {@code /ops/env}: events they would alter never leave in a {@code .jfr}
     */
    public JfrRoutes(Path dir, boolean continuous, Duration maxAge, long maxSize, String settings, Masking masking)
            throws IOException {
        this.dir = PrivateFiles.directory(dir);
        this.masking = masking;
        this.continuous = continuous && JFR_PRESENT ? new ContinuousRecording(maxAge, maxSize, settings) : null;
        if (this.continuous != null) {
            this.continuous.startInBackground();
        } else if (continuous) {
            LOG.log(System.Logger.Level.WARNING, "hatch.jfr.continuous=true but this runtime has no jdk.jfr module");
        }
    }

    /** The routes. */
    @Override
    public List<Route> routes() {
        return List.of(Route.get(Route.PREFIX + "/jfr", Scope.DUMP, "jfr", this::recording),
                Route.get(Route.PREFIX + "/profile", Scope.DUMP, "profile", this::profile));
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
            serveJfr(ex, file, e -> !SecretEvents.revealsSecret(e, masking), fileName("jfr-last" + last + "s", "jfr"));
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
            Profiler.Window window = profiler.record(event, Duration.ofSeconds(seconds), file);
            PrivateFiles.restrict(file);
            Predicate<RecordedEvent> within = e -> !e.getEndTime().isBefore(window.start()) && !e.getStartTime().isAfter(window.end());
            if (format.equals("jfr")) {
                if (!RecordingFilter.canRewrite()) {
                    file = ownEventsOnly(file, event, window);
                }
                serveJfr(ex, file, e -> event.types().contains(e.getEventType().getName()) && within.test(e),
                        fileName("profile-" + event.id(), "jfr"));
                return;
            }
            StackTree tree = StackTree.read(file, event, within);
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

    /**
     * Java 17: the profile's dump also holds the events of any other recording running meanwhile
     * (the continuous one); they are blanked in a copy ({@link EventBlanker}), which replaces the file.
     */
    private Path ownEventsOnly(Path file, ProfileEvent event, Profiler.Window window) throws IOException {
        Path own = newFile("own");
        try {
            long from = window.start().getEpochSecond() * 1_000_000_000L + window.start().getNano();
            long to = window.end().getEpochSecond() * 1_000_000_000L + window.end().getNano();
            long blanked = EventBlanker.write(file, own, (type, start, end) -> event.types().contains(type.getName())
                    && end >= from && start <= to);
            PrivateFiles.restrict(own);
            LOG.log(System.Logger.Level.DEBUG, "profile recording: " + blanked + " events of other recordings blanked");
        } catch (IOException | RuntimeException e) {
            delete(own);
            throw e;
        }
        delete(file);
        return own;
    }

    private static void requireJfr() {
        if (!JFR_PRESENT) {
            throw new Problem(501, "Not implemented", "this Java runtime has no jdk.jfr module, so it cannot record;"
                    + " run the application on a full JDK or JRE");
        }
    }

    /**
     * Streams a recording with only the events {@code keep} accepts (which never accepts one that
     * reveals a secret). On JDK 17, which cannot rewrite a recording, the file is served as it
     * is unless it holds such an event; then 409 names the recordings that enable them.
     */
    private void serveJfr(Exchange ex, Path raw, Predicate<RecordedEvent> keep, String name) throws IOException {
        Predicate<RecordedEvent> safe = e -> keep.test(e) && !SecretEvents.revealsSecret(e, masking);
        if (RecordingFilter.canRewrite()) {
            Path filtered = null;
            try {
                filtered = newFile("filtered");
                RecordingFilter.write(raw, filtered, safe);
                PrivateFiles.restrict(filtered);
                delete(raw);
                stream(ex, filtered, "application/octet-stream", name);
            } finally {
                delete(filtered);
            }
            return;
        }
        Map<String, Integer> secrets = RecordingFilter.count(raw, e -> SecretEvents.revealsSecret(e, masking));
        if (!secrets.isEmpty()) {
            ex.audit("refusedSecretEvents", secrets.toString());
            throw Problem.conflict("the recording holds events that carry secrets " + secrets + ", which Hatch's own"
                    + " recordings never enable: another recording in this JVM does (" + recordingsEnabling() + ")."
                    + " Java " + Runtime.version().feature() + " cannot remove events from a recording (Java 19+ can, and"
                    + " Hatch does it there), so Hatch does not serve it. Disable those events in that recording"
                    + " (e.g. jdk.InitialEnvironmentVariable#enabled=false), or use /ops/profile?format=collapsed|html");
        }
        stream(ex, raw, "application/octet-stream", name);
    }

    /** The recordings that enable an event type of {@link SecretEvents}, e.g. {@code 1 "startup" (jdk.JVMInformation)}. */
    static String recordingsEnabling() {
        StringBuilder sb = new StringBuilder();
        for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
            Set<String> types = new java.util.TreeSet<>();
            for (Map.Entry<String, String> s : r.getSettings().entrySet()) {
                int hash = s.getKey().indexOf("#enabled");
                if (hash > 0 && "true".equals(s.getValue()) && SecretEvents.TYPES.contains(s.getKey().substring(0, hash))) {
                    types.add(s.getKey().substring(0, hash));
                }
            }
            if (!types.isEmpty()) {
                sb.append(sb.length() == 0 ? "" : "; ").append("recording ").append(r.getId()).append(" \"")
                        .append(r.getName()).append("\" ").append(r.getState().name().toLowerCase(java.util.Locale.ROOT))
                        .append(' ').append(types);
            }
        }
        return sb.length() == 0 ? "none is running now; one that ran during the window did" : sb.toString();
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

    /** Whether the continuous recording runs (or is starting). */
    public boolean recordsContinuously() {
        return continuous != null;
    }

    /**
     * Copies the last {@code last} of the continuous recording to {@code out}, without the events
     * that carry secrets (Java 19+ rewrites the recording; before, a recording holding such events
     * is left out and the note says why). For a memory bundle; does not close {@code out}.
     *
     * @return a note for the bundle's manifest, or null
     */
    public String writeRecent(java.io.OutputStream out, Duration last) throws Exception {
        if (continuous == null) {
            return "the continuous JFR recording is off (hatch.jfr.continuous)";
        }
        if (!oneDump.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS)) {
            return "another JFR dump was being written";
        }
        Path raw = null;
        Path filtered = null;
        try {
            raw = newFile("bundle");
            continuous.dump(last, raw);
            PrivateFiles.restrict(raw);
            Predicate<RecordedEvent> safe = e -> !SecretEvents.revealsSecret(e, masking);
            if (RecordingFilter.canRewrite()) {
                filtered = newFile("bundle-filtered");
                RecordingFilter.write(raw, filtered, safe);
                Files.copy(filtered, out);
                return null;
            }
            Map<String, Integer> secrets = RecordingFilter.count(raw, e -> SecretEvents.revealsSecret(e, masking));
            if (!secrets.isEmpty()) {
                return "left out: the recording holds events that carry secrets " + secrets + " (" + recordingsEnabling() + ")";
            }
            Files.copy(raw, out);
            return null;
        } finally {
            delete(raw);
            delete(filtered);
            oneDump.release();
        }
    }

    /** A new empty file, 0600, in the private directory: JFR writes into it and keeps the permissions. */
    private Path newFile(String what) throws IOException {
        return PrivateFiles.createFile(dir.resolve("hatch-jfr-" + ProcessHandle.current().pid() + "-" + sequence.incrementAndGet()
                + "-" + what + ".jfr"));
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
