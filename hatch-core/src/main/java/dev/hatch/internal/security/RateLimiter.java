package dev.hatch.internal.security;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket per client address: {@code burst} requests at once, refilled at
 * {@code perSecond}. Cheap enough to run before anything else: one map lookup and a few
 * arithmetic operations under the bucket's own lock.
 */
final class RateLimiter {
    /** Addresses tracked at most; a full table forgets the oldest address whose bucket is not empty. */
    static final int MAX_ADDRESSES = 10_000;

    private final double perNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final KeyedTable<Bucket> buckets;

    RateLimiter(int perSecond, int burst, LongSupplier nanoTime) {
        this(perSecond, burst, nanoTime, MAX_ADDRESSES);
    }

    RateLimiter(int perSecond, int burst, LongSupplier nanoTime, int maxAddresses) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.buckets = new KeyedTable<>(maxAddresses, k -> new Bucket(burst, nanoTime.getAsLong()), nanoTime);
    }

    /**
     * Takes one token for the address.
     *
     * @return 0 when the request may go ahead, else the nanoseconds until a token is available
     */
    long acquire(String key) {
        long now = nanoTime.getAsLong();
        Bucket b = buckets.get(key, x -> x.full(now), x -> x.empty(now));
        synchronized (b) {
            b.refill(now);
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / perNano));
        }
    }

    /** Addresses the table holds now (at most the table's bound). */
    int size() {
        return buckets.size();
    }

    /** Seconds to put in {@code Retry-After} for a wait of the given nanoseconds (at least 1). */
    static long retryAfterSeconds(long nanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + 999_999_999L));
    }

    private final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        void refill(long now) {
            if (now > updated) {
                tokens = Math.min(burst, tokens + (now - updated) * perNano);
                updated = now;
            }
        }

        /** A bucket that is out of tokens belongs to an address being limited right now: evicting it would lift the limit. */
        synchronized boolean empty(long now) {
            refill(now);
            return tokens < 1;
        }

        synchronized boolean full(long now) {
            refill(now);
            return tokens >= burst;
        }
    }
}
