package dev.hatch.internal.jfr;

import dev.hatch.internal.http.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import jdk.jfr.Recording;

/**
 * Records one profile at a time: a new JFR recording with only the profile's events, kept for
 * the requested time and dumped into a file the caller owns. The wait is an
 * {@link Object#wait} on a monitor nobody contends for, so the profiling thread itself does not
 * show up in a lock profile; {@link #close()} ends a running profile early. The recording never
 * holds the events that carry secrets ({@link SecretEvents}), and its chunks go to Hatch's
 * private JFR repository when Hatch may choose it ({@link JfrRepository}).
 */
final class Profiler implements AutoCloseable {
    private static final long MAX_RECORDING_BYTES = 256L << 20;

    private final Semaphore oneAtATime = new Semaphore(1);
    private final Object lock = new Object();
    private boolean closed;

    /** What a profile recorded: from when to when. */
    record Window(Instant start, Instant end) {
    }

    /**
     * Records the events of {@code event} for {@code duration} into {@code file}, which must
     * exist (created 0600: JFR overwrites it and keeps its permissions).
     *
     * @return when the recording started and stopped
     * @throws Problem 409 when a profile is running, 503 when Hatch is closing
     */
    Window record(ProfileEvent event, Duration duration, Path file) throws IOException, InterruptedException {
        if (!oneAtATime.tryAcquire()) {
            throw Problem.conflict("a profile is already being recorded; wait for it to finish and retry");
        }
        try {
            JfrRepository.prepare();
        } catch (IOException e) {
            oneAtATime.release();
            throw new Problem(503, "Service unavailable", "JFR's repository cannot be placed in a private directory, so"
                    + " Hatch does not record: " + e.getMessage());
        }
        try (Recording r = new Recording()) {
            SecretEvents.disableIn(r);
            r.setName("hatch-profile-" + event.id());
            r.setToDisk(true);
            r.setMaxSize(MAX_RECORDING_BYTES);
            event.enable(r);
            r.start();
            JfrRepository.checkAfterStart();
            long deadline = System.nanoTime() + duration.toNanos();
            synchronized (lock) {
                long left;
                while (!closed && (left = deadline - System.nanoTime()) > 0) {
                    lock.wait(Math.max(1, left / 1_000_000));
                }
                if (closed) {
                    throw Problem.unavailable("Hatch is shutting down; the profile was abandoned", 5);
                }
            }
            r.stop();
            r.dump(file);
            return new Window(r.getStartTime(), r.getStopTime());
        } finally {
            oneAtATime.release();
        }
    }

    /** Ends a running profile at once (it answers 503) and refuses new ones. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }
}
