package dev.hatch.internal.security;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One heavy operation of a kind at a time (heap dump, class histogram, profile): a second
 * caller gets 409 at once instead of queueing behind a stop-the-world pause. An optional
 * cooldown after each run refuses the next one with 429 and {@code Retry-After}.
 *
 * <pre>{@code
 * Exclusive dumps = new Exclusive("heap dump", Duration.ofMinutes(5));
 * try (Exclusive.Claim c = dumps.claim()) { ... }
 * }</pre>
 */
public final class Exclusive {
    private final String what;
    private final long cooldownNanos;
    private final LongSupplier nanoTime;
    private boolean running;
    private long lastEnd;
    private boolean ranOnce;

    /** Guards operations described as {@code what} (e.g. "heap dump"), with a cooldown after each (may be zero). */
    public Exclusive(String what, Duration cooldown) {
        this(what, cooldown, System::nanoTime);
    }

    Exclusive(String what, Duration cooldown, LongSupplier nanoTime) {
        this.what = what;
        this.cooldownNanos = cooldown.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Claims the right to run.
     *
     * @throws Refused {@link Refused.Reason#RUNNING} while one is running; {@link Refused.Reason#COOLDOWN}
     *     with the seconds to wait during the cooldown
     */
    public synchronized Claim claim() {
        if (running) {
            throw new Refused(Refused.Reason.RUNNING, "a " + what + " is already running; wait for it to finish and retry", -1);
        }
        long now = nanoTime.getAsLong();
        if (ranOnce && cooldownNanos > 0 && now - lastEnd < cooldownNanos) {
            long wait = cooldownNanos - (now - lastEnd);
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999L));
            throw new Refused(Refused.Reason.COOLDOWN, "the last " + what + " ended less than "
                    + Duration.ofNanos(cooldownNanos).toSeconds() + " s ago (cooldown); retry in " + seconds + " s", seconds);
        }
        running = true;
        return this::release;
    }

    private synchronized void release() {
        if (running) {
            running = false;
            ranOnce = true;
            lastEnd = nanoTime.getAsLong();
        }
    }

    /** A claim; closing it ends the operation and starts the cooldown. Idempotent. */
    @FunctionalInterface
    public interface Claim extends AutoCloseable {
        /** Ends the operation. */
        @Override
        void close();
    }
}
