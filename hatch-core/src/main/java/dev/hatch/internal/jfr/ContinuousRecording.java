package dev.hatch.internal.jfr;

import dev.hatch.internal.concurrent.DaemonThreads;
import dev.hatch.internal.http.Problem;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.management.JMException;
import javax.management.ObjectName;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * The optional always-on JFR recording, bounded by age and size, from which
 * {@code GET /ops/jfr?last=N} cuts the last N seconds. Starting a first recording costs about a
 * second, so it starts on a daemon thread ({@code hatch-jfr-start}) after the endpoint is up,
 * never on the application's start-up path.
 */
final class ContinuousRecording implements AutoCloseable {
    static final String NAME = "hatch-continuous";
    private static final System.Logger LOG = System.getLogger("dev.hatch.jfr");

    private final Duration maxAge;
    private final long maxSize;
    private final String settings;
    private Recording recording;
    private String failure;
    private boolean closed;

    ContinuousRecording(Duration maxAge, long maxSize, String settings) {
        this.maxAge = maxAge;
        this.maxSize = maxSize;
        this.settings = settings;
    }

    /** Starts the recording on a daemon thread and returns at once. */
    void startInBackground() {
        DaemonThreads.start("hatch-jfr-start", this::start);
    }

    private void start() {
        Recording r = null;
        try {
            JfrRepository.prepare();
            r = new Recording(Configuration.getConfiguration(settings));
            SecretEvents.disableIn(r);
            r.setName(NAME);
            r.setToDisk(true);
            r.setMaxAge(maxAge);
            r.setMaxSize(maxSize);
            r.start();
            JfrRepository.checkAfterStart();
            synchronized (this) {
                if (!closed) {
                    recording = r;
                    r = null;
                    LOG.log(System.Logger.Level.INFO, "continuous JFR recording {0} started (max age {1}, max size {2} MB)",
                            recording.getId(), maxAge, maxSize >> 20);
                }
            }
        } catch (Exception | LinkageError e) {
            synchronized (this) {
                failure = e.toString();
            }
            LOG.log(System.Logger.Level.WARNING, "the continuous JFR recording could not start", e);
        } finally {
            if (r != null) {
                r.close();
            }
        }
    }

    Duration maxAge() {
        return maxAge;
    }

    /**
     * Writes the last {@code last} of the recording to {@code file} (whole chunks: the file may
     * reach a little further back). Uses the JFR.dump diagnostic command, the public way to cut
     * a time window out of a running recording. The file must exist (created 0600); JFR
     * overwrites it and keeps its permissions.
     *
     * @throws Problem 503 while the recording is starting or when it failed to start
     */
    void dump(Duration last, Path file) throws JMException {
        long id;
        synchronized (this) {
            if (recording == null) {
                throw failure != null
                        ? new Problem(503, "Service unavailable", "the continuous JFR recording failed to start: " + failure)
                        : Problem.unavailable("the continuous JFR recording is still starting; retry in a few seconds", 2);
            }
            id = recording.getId();
        }
        if (file.toString().indexOf('"') >= 0) {
            throw new IllegalStateException("the dump directory's path contains a double quote: " + file.getParent());
        }
        // The diagnostic command joins its arguments with spaces and parses them again: quote the path.
        Object answer = ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "jfrDump",
                new Object[] {new String[] {"name=" + id, "filename=\"" + file + "\"", "maxage=" + Math.max(1, last.toSeconds()) + "s"}},
                new String[] {String[].class.getName()});
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("JFR.dump wrote no file: " + answer);
        }
    }

    /** Stops and discards the recording. */
    @Override
    public void close() {
        Recording r;
        synchronized (this) {
            closed = true;
            r = recording;
            recording = null;
        }
        if (r != null) {
            r.close();
        }
    }
}
