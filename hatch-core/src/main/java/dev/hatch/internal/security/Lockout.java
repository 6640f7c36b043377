package dev.hatch.internal.security;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Locks out an address that keeps presenting wrong credentials: after {@code failures} wrong
 * ones it is locked for {@code base}; every further failure after a lockout doubles the time,
 * up to {@code max}. An address is forgotten after {@code max} without a failure. A correct
 * credential does not reset the count: otherwise a holder of any weak token could interleave
 * it with guesses at a strong one.
 */
final class Lockout {
    /** Addresses remembered at most; a full table forgets the oldest address that is not locked out. */
    static final int MAX_ADDRESSES = 10_000;

    private final int failures;
    private final long baseNanos;
    private final long maxNanos;
    private final LongSupplier nanoTime;
    private final KeyedTable<Entry> entries;

    Lockout(int failures, Duration base, Duration max, LongSupplier nanoTime) {
        this(failures, base, max, nanoTime, MAX_ADDRESSES);
    }

    Lockout(int failures, Duration base, Duration max, LongSupplier nanoTime, int maxAddresses) {
        this.failures = failures;
        this.baseNanos = base.toNanos();
        this.maxNanos = max.toNanos();
        this.nanoTime = nanoTime;
        this.entries = new KeyedTable<>(maxAddresses, k -> new Entry(), nanoTime);
    }

    /** Addresses the table holds now (at most the table's bound). */
    int size() {
        return entries.size();
    }

    /** Nanoseconds the address is still locked out for, 0 when it is not (always 0 for an address that never failed). */
    long remaining(String key) {
        Entry e = entries.peek(key);
        if (e == null) {
            return 0;
        }
        synchronized (e) {
            return Math.max(0, e.lockedUntil - nanoTime.getAsLong());
        }
    }

    /**
     * Records a wrong credential from the address.
     *
     * @return the lockout it now serves in nanoseconds, 0 when not locked out yet
     */
    long failure(String key) {
        long now = nanoTime.getAsLong();
        Entry e = entries.get(key, x -> x.forgettable(now), x -> x.lockedAt(now));
        synchronized (e) {
            if (e.count > 0 && now - e.lastFailure > maxNanos) {
                e.count = 0;
            }
            e.count++;
            e.lastFailure = now;
            if (e.count < failures) {
                return 0;
            }
            int doublings = Math.min(40, e.count - failures);
            long lock = baseNanos << Math.min(doublings, Long.numberOfLeadingZeros(baseNanos) - 1);
            lock = Math.min(maxNanos, lock);
            e.lockedUntil = now + lock;
            return lock;
        }
    }

    private final class Entry {
        int count;
        long lastFailure;
        long lockedUntil;

        synchronized boolean lockedAt(long now) {
            return now < lockedUntil;
        }

        synchronized boolean forgettable(long now) {
            return now - lastFailure > maxNanos && now >= lockedUntil;
        }
    }
}
