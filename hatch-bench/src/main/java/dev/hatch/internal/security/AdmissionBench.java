package dev.hatch.internal.security;

import dev.hatch.Limits;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The admission checks the pipeline runs for one request, with the default limits, from one
 * client address. In package {@code dev.hatch.internal.security} to reach {@link Admission}'s clock.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AdmissionBench {
    private static final String CLIENT = "127.0.0.1";
    private static final String LOCKED = "10.0.0.66";
    private static final String FLOODER = "10.0.0.77";
    /** The well-behaved client's clock runs a second ahead per request, so its bucket never runs dry. */
    private static final long SECOND = 1_000_000_000L;

    private Admission wellBehaved;
    private long skew;
    private Admission strict;

    /** Builds the admissions; locks one address out and exhausts another's anonymous budget, and checks each path. */
    @Setup
    public void setUp() {
        wellBehaved = new Admission(Limits.defaults(), () -> System.nanoTime() + (skew += SECOND));
        for (int i = 0; i < 10_000; i++) {
            admit(); // throws if the client is ever refused
        }
        strict = new Admission(Limits.defaults());
        // 20 failures: locked for 2^10 s, capped at the default 15 minutes, longer than any run.
        for (int i = 0; i < 2 * Limits.defaults().lockoutFailures(); i++) {
            strict.failedCredentials(LOCKED);
        }
        expect(Admission.LOCKED_OUT, lockedOut());
        for (int i = 0; i < Limits.defaults().anonymousBurst() + 1; i++) {
            rateLimited();
        }
        expect(Admission.RATE_LIMITED, rateLimited());
    }

    private static void expect(String outcome, Refused r) {
        if (r == null || r.reason().status() != 429 || !outcome.equals(r.reason().outcome())) {
            throw new IllegalStateException("expected a 429 " + outcome + ", got " + (r == null ? "admission" : r.reason()));
        }
    }

    /**
     * An authenticated client under its rate: lockout lookup, token bucket, a handler slot taken
     * and given back.
     */
    @Benchmark
    public Admission.Slot admit() {
        wellBehaved.checkLockout(CLIENT);
        wellBehaved.authenticatedRequest(CLIENT);
        Admission.Slot slot = wellBehaved.enter("bench");
        slot.close();
        return slot;
    }

    /** A locked-out address: refused at the first check, with the refusal built (the pipeline renders it). */
    @Benchmark
    public Refused lockedOut() {
        try {
            strict.checkLockout(LOCKED);
            return null;
        } catch (Refused r) {
            return r;
        }
    }

    /** An address without credentials over its strict rate: lockout lookup, then the empty bucket's 429. */
    @Benchmark
    public Refused rateLimited() {
        try {
            strict.checkLockout(FLOODER);
            strict.anonymousRequest(FLOODER);
            return null;
        } catch (Refused r) {
            return r;
        }
    }
}
