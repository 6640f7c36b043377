package dev.hatch.internal.leaks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the objects that stay alive were allocated, from JFR's {@code jdk.OldObjectSample}
 * event: a recording with only that event (stack traces on, {@code cutoff=0} so no path to the
 * GC roots is searched: that search is what makes old-object dumps pause for seconds) is started
 * the first time a leak is suspected, and dumped each time the detector names the suspects. The
 * samples are grouped by class; each class gets its most frequent allocation frames outside the
 * JDK. Everything runs on the detector's histogram thread; without the {@code jdk.jfr} module it
 * quietly does nothing.
 */
final class AllocationSites implements AutoCloseable {
    static final int PER_CLASS = 3;
    private static final System.Logger LOG = System.getLogger("dev.hatch.leaks");
    private static final String EVENT = "jdk.OldObjectSample";

    private final Path dir;
    private jdk.jfr.Recording recording;
    private boolean unavailable;
    private volatile Map<String, List<String>> sites = Map.of();

    /**
     * @param dir a private directory for the short-lived dump file
     */
    AllocationSites(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts the recording if it is not running yet. No pause, but the first JFR recording of a
     * process costs CPU: JFR's classes, and on JDK 17 every compiled method recompiled once.
     */
    synchronized void start() {
        if (recording != null || unavailable || dir == null) {
            return;
        }
        try {
            // Before the JVM's first recording: JFR's repository then goes to a private directory.
            dev.hatch.internal.jfr.JfrRepository.prepare();
            jdk.jfr.Recording r = new jdk.jfr.Recording();
            r.setName("hatch-leak-allocation-sites");
            r.setToDisk(false);
            r.enable(EVENT).with("cutoff", "0 ns").withStackTrace();
            r.start();
            recording = r;
        } catch (IOException e) {
            unavailable = true;
            LOG.log(System.Logger.Level.WARNING, "no allocation sites for leak suspects: " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            unavailable = true;
            LOG.log(System.Logger.Level.INFO, "no allocation sites for leak suspects: JFR is not available (" + e + ")");
        }
    }

    /** Dumps the recording and regroups the old-object samples by class. */
    synchronized void refresh() {
        if (recording == null) {
            return;
        }
        Path file = null;
        try {
            file = Files.createTempFile(dir, "hatch-oldobjects-", ".jfr");
            Files.delete(file);
            recording.dump(file);
            sites = read(file);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "allocation sites not refreshed", e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a private temp file; retried never
                }
            }
        }
    }

    /** The latest allocation sites of a class, most frequent first; empty when unknown. */
    List<String> of(String className) {
        return sites.getOrDefault(className, List.of());
    }

    static Map<String, List<String>> read(Path file) throws IOException {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        for (jdk.jfr.consumer.RecordedEvent e : jdk.jfr.consumer.RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals(EVENT) || e.getStackTrace() == null) {
                continue;
            }
            jdk.jfr.consumer.RecordedObject object = e.getValue("object");
            jdk.jfr.consumer.RecordedClass type = object == null ? null : object.getValue("type");
            String site = site(e.getStackTrace());
            if (type != null && site != null) {
                // JFR names classes as class histograms do: [B, [Ljava.lang.Object;, com.example.Outer$Inner.
                counts.computeIfAbsent(type.getName(), k -> new HashMap<>()).merge(site, 1, Integer::sum);
            }
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        counts.forEach((cls, bySite) -> {
            List<Map.Entry<String, Integer>> ranked = new ArrayList<>(bySite.entrySet());
            ranked.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
            List<String> top = new ArrayList<>();
            for (Map.Entry<String, Integer> s : ranked.subList(0, Math.min(PER_CLASS, ranked.size()))) {
                top.add(s.getKey());
            }
            out.put(cls, List.copyOf(top));
        });
        return out;
    }

    /** The first frame outside the JDK, as {@code Class.method(line N)}; or the top frame. */
    static String site(jdk.jfr.consumer.RecordedStackTrace trace) {
        String first = null;
        for (jdk.jfr.consumer.RecordedFrame f : trace.getFrames()) {
            if (!f.isJavaFrame()) {
                continue;
            }
            String type = f.getMethod().getType().getName();
            String s = type + "." + f.getMethod().getName() + "(line " + f.getLineNumber() + ")";
            if (first == null) {
                first = s;
            }
            if (!Snapshot.jdkClass(type)) {
                return s;
            }
        }
        return first;
    }

    @Override
    public synchronized void close() {
        if (recording != null) {
            try {
                recording.close();
            } catch (RuntimeException ignored) {
                // the JVM may be going down
            }
            recording = null;
        }
    }
}
