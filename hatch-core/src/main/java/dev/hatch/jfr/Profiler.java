package dev.hatch.jfr;

import dev.hatch.http.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import jdk.jfr.Recording;

/**
 * Records one profile at a time: a new JFR recording with only the profile's events, kept for
 * the requested time and dumped into a file the caller owns. The wait is an
 * {@link Object#wait} on a monitor nobody contends for, so the profiling thread itself does not
 * show up in a lock profile; {@link #close()} ends a running profile early.
 */
final class Profiler implements AutoCloseable {
    private static final long MAX_RECORDING_BYTES = 256L << 20;

    private final Semaphore oneAtATime = new Semaphore(1);
    private final Object lock = new Object();
    private boolean closed;

    /**
     * Records the events of {@code event} for {@code duration} into {@code file}.
     *
     * @throws Problem 409 when a profile is running, 503 when Hatch is closing
     */
    void record(ProfileEvent event, Duration duration, Path file) throws IOException, InterruptedException {
        if (!oneAtATime.tryAcquire()) {
            throw Problem.conflict("a profile is already being recorded; wait for it to finish and retry");
        }
        try (Recording r = new Recording()) {
            r.setName("hatch-profile-" + event.id());
            r.setToDisk(true);
            r.setMaxSize(MAX_RECORDING_BYTES);
            event.enable(r);
            r.start();
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
