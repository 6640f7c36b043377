package dev.hatch.internal.security;

import dev.hatch.Limits;
import java.util.function.LongSupplier;

/**
 * Hatch's own admission control, independent of the transport: the per-address lockout after
 * wrong credentials, per-address rate limits (a strict one for callers without valid
 * credentials, a generous one for authenticated callers), and the bound on route handlers
 * running at once. Every check is a map lookup and a little arithmetic; refusals are
 * {@link Refused} with the seconds to wait.
 */
public final class Admission {
    /** Audit outcome of a request refused by the rate limit. */
    public static final String RATE_LIMITED = Refused.Reason.RATE_LIMITED.outcome();
    /** Audit outcome of a request from a locked-out address. */
    public static final String LOCKED_OUT = Refused.Reason.LOCKED_OUT.outcome();
    /** Audit outcome of a request refused because every handler slot was busy. */
    public static final String OVERLOADED = Refused.Reason.OVERLOADED.outcome();
    /** Audit outcome of a request refused because its principal already held its share of the handler slots. */
    public static final String OVER_SHARE = Refused.Reason.OVER_SHARE.outcome();
    /** The principal key of callers without credentials (on public routes): they share one share. */
    public static final String ANONYMOUS = "(anonymous)";
    private static final long QUEUE_WAIT_MS = 1000;

    private final Lockout lockout;
    private final RateLimiter anonymous;
    private final RateLimiter authenticated;
    private final HandlerSlots handlers;
    private final int perPrincipal;
    private final int ipv6Prefix;

    /** Admission with the given limits. */
    public Admission(Limits limits) {
        this(limits, System::nanoTime);
    }

    Admission(Limits limits, LongSupplier nanoTime) {
        this.lockout = new Lockout(limits.lockoutFailures(), limits.lockoutBase(), limits.lockoutMax(), nanoTime);
        this.anonymous = new RateLimiter(limits.anonymousRate(), limits.anonymousBurst(), nanoTime);
        this.authenticated = new RateLimiter(limits.rate(), limits.burst(), nanoTime);
        this.handlers = new HandlerSlots(limits.maxThreads(), limits.maxThreadsPerPrincipal(), limits.reservedThreads(),
                limits.maxQueuedRequests());
        this.perPrincipal = limits.maxThreadsPerPrincipal();
        this.ipv6Prefix = limits.ipv6Prefix();
    }

    private String key(String address) {
        return ClientAddress.key(address, ipv6Prefix);
    }

    /** Addresses the lockout table holds now; it never holds more than its bound. */
    int lockoutTableSize() {
        return lockout.size();
    }

    /** Refuses (429) any request from an address that is locked out; nothing else about the request is looked at. */
    public void checkLockout(String address) {
        long nanos = lockout.remaining(key(address));
        if (nanos > 0) {
            throw lockedOut(nanos);
        }
    }

    /** Records wrong credentials from the address; enough of them lock it out for the following requests. */
    public void failedCredentials(String address) {
        lockout.failure(key(address));
    }

    /** Counts a request without valid credentials against the address's strict rate (429 beyond it). */
    public void anonymousRequest(String address) {
        long wait = anonymous.acquire(key(address));
        if (wait > 0) {
            throw tooMany(wait);
        }
    }

    /** Counts an authenticated request against the address's rate (429 beyond it). */
    public void authenticatedRequest(String address) {
        long wait = authenticated.acquire(key(address));
        if (wait > 0) {
            throw tooMany(wait);
        }
    }

    /**
     * Claims a handler slot for the principal, waiting up to a second in a bounded queue when
     * none is free for it.
     *
     * @param principal the caller's name, or {@code null} for a caller without credentials
     * @return the slot; close it when the handler is done
     * @throws Refused 429 with {@code Retry-After} when the principal still holds its share
     *     ({@code hatch.limits.threads-per-principal}) after the wait; 503 with {@code Retry-After} when no slot is
     *     free for it
     */
    public Slot enter(String principal) {
        String key = principal == null ? ANONYMOUS : principal;
        HandlerSlots.Refusal refusal = handlers.acquire(key, QUEUE_WAIT_MS);
        if (refusal == null) {
            return () -> handlers.release(key);
        }
        if (refusal == HandlerSlots.Refusal.SHARE) {
            throw new Refused(Refused.Reason.OVER_SHARE, "'" + key + "' already has " + perPrincipal
                    + " requests running, its share of the handler slots (hatch.limits.threads-per-principal);"
                    + " retry when one has finished", 1);
        }
        throw new Refused(Refused.Reason.OVERLOADED, "every request slot is busy, or kept for callers that hold none"
                + " (hatch.limits.threads, hatch.limits.reserved-threads); retry shortly", 1);
    }

    private static Refused lockedOut(long nanos) {
        long seconds = RateLimiter.retryAfterSeconds(nanos);
        return new Refused(Refused.Reason.LOCKED_OUT, "too many wrong credentials from this address; it is locked out for "
                + seconds + " s, until " + java.time.Instant.now().plusSeconds(seconds).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + " (hatch.limits.lockout-*); on a shared host every user of this address is locked out with it", seconds);
    }

    private static Refused tooMany(long nanos) {
        long seconds = RateLimiter.retryAfterSeconds(nanos);
        return new Refused(Refused.Reason.RATE_LIMITED, "this address sends requests faster than allowed (hatch.limits.rate);"
                + " slow down", seconds);
    }

    /** A claimed handler slot. */
    @FunctionalInterface
    public interface Slot extends AutoCloseable {
        /** Releases the slot. */
        @Override
        void close();
    }
}
