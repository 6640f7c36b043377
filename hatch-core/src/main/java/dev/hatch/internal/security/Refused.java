package dev.hatch.internal.security;

/**
 * A request or an operation turned away for a reason of admission (rates, lockout, handler
 * slots) or exclusivity (one heavy operation at a time, a cooldown): not a failure. Domain code
 * throws it; the request pipeline turns it into problem details in one place
 * ({@code Problem.of}), so this package needs nothing from the HTTP layer. No stack trace: a
 * refusal is an expected answer and must stay cheap.
 */
public final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why: the status it answers with and the outcome the audit record names. */
    public enum Reason {
        /** Too many requests from this address (429). */
        RATE_LIMITED(429, "rate-limited"),
        /** This address sent too many wrong credentials (429). */
        LOCKED_OUT(429, "locked-out"),
        /** The principal holds its share of handler slots (429). */
        OVER_SHARE(429, "over-share"),
        /** No handler slot is free (503). */
        OVERLOADED(503, "overloaded"),
        /** The same heavy operation is already running (409). */
        RUNNING(409, "refused"),
        /** The heavy operation ran too recently (429). */
        COOLDOWN(429, "refused");

        private final int status;
        private final String outcome;

        Reason(int status, String outcome) {
            this.status = status;
            this.outcome = outcome;
        }

        public int status() {
            return status;
        }

        /** The audit record's outcome for such a refusal. */
        public String outcome() {
            return outcome;
        }
    }

    private final Reason reason;
    private final long retryAfterSeconds;

    /**
     * @param detail what happened and what to do, for the caller
     * @param retryAfterSeconds the {@code Retry-After} to send, or -1 for none
     */
    public Refused(Reason reason, String detail, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Reason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }

    /** Seconds the caller should wait before retrying, or -1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
