package dev.hatch.internal.security;

import dev.hatch.Scope;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Authenticating one request's {@code Authorization} header: SHA-256 of the presented token, then
 * a constant-time compare against every configured hash. Six tokens, one per scope plus one with
 * all scopes, as a typical deployment (and the test kit) configures.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AuthenticateBench {
    /** 43 characters, like {@code openssl rand -base64 32}. */
    static final String GOOD = "all-3q2+7wZkV9xQ0cPe1LbN8sJt4YfHd6RuGa5Mo0";
    /** The same length as the good token, one character off: as expensive to check as it can be. */
    static final String BAD = "all-3q2+7wZkV9xQ0cPe1LbN8sJt4YfHd6RuGa5Mo1";

    private Authenticator authenticator;
    private String goodHeader;
    private String badHeader;

    /** Configures the tokens and checks that the good one gets in and the bad one does not. */
    @Setup
    public void setUp() {
        List<Authenticator.Entry> entries = new ArrayList<>();
        for (Scope s : Scope.values()) {
            String name = s.id();
            entries.add(new Authenticator.Entry(name, TokenSpec.hash(name + "-token-0123456789abcdef0123456789"), EnumSet.of(s)));
        }
        // The matching entry last: the loop compares every hash whatever the position, and this shows it.
        entries.add(new Authenticator.Entry("all", TokenSpec.hash(GOOD), EnumSet.allOf(Scope.class)));
        authenticator = new Authenticator(entries);
        goodHeader = "Bearer " + GOOD;
        badHeader = "Bearer " + BAD;
        Optional<Principal> good = authenticator.authenticate(goodHeader);
        if (good.isEmpty() || !good.get().name().equals("all")) {
            throw new IllegalStateException("the good token did not authenticate as 'all': " + good);
        }
        if (authenticator.authenticate(badHeader).isPresent()) {
            throw new IllegalStateException("the bad token authenticated");
        }
    }

    /** A valid token (the last of six configured). */
    @Benchmark
    public Optional<Principal> goodToken() {
        return authenticator.authenticate(goodHeader);
    }

    /** A wrong token of the same length. */
    @Benchmark
    public Optional<Principal> badToken() {
        return authenticator.authenticate(badHeader);
    }
}
