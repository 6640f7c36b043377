package dev.hatch.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hatch.Hatch;
import dev.hatch.internal.http.Problem;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The admission rules on a clock the test moves: exact, fast, no sleeping. */
class AdmissionRulesTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void tokenBucketAllowsTheBurstThenTheRate() {
        RateLimiter limiter = new RateLimiter(10, 5, now::get);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("a")).isZero();
        }
        long wait = limiter.acquire("a");
        assertThat(wait).isBetween(TimeUnit.MILLISECONDS.toNanos(99), TimeUnit.MILLISECONDS.toNanos(101));
        assertThat(limiter.acquire("b")).isZero();
        advance(Duration.ofMillis(100));
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isPositive();
        advance(Duration.ofSeconds(10));
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("a")).isZero(); // refilled to the burst, not beyond
        }
        assertThat(limiter.acquire("a")).isPositive();
        assertThat(RateLimiter.retryAfterSeconds(1)).isEqualTo(1);
        assertThat(RateLimiter.retryAfterSeconds(TimeUnit.MILLISECONDS.toNanos(2500))).isEqualTo(3);
    }

    @Test
    void lockoutDoublesUpToTheMaximumAndIsForgotten() {
        Lockout lockout = new Lockout(3, Duration.ofSeconds(1), Duration.ofSeconds(5), now::get);
        assertThat(lockout.failure("a")).isZero();
        assertThat(lockout.failure("a")).isZero();
        assertThat(lockout.failure("a")).isEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(lockout.remaining("a")).isEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(lockout.remaining("b")).isZero();
        advance(Duration.ofSeconds(1));
        assertThat(lockout.remaining("a")).isZero();
        assertThat(lockout.failure("a")).isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(lockout.failure("a")).isEqualTo(Duration.ofSeconds(4).toNanos());
        assertThat(lockout.failure("a")).isEqualTo(Duration.ofSeconds(5).toNanos());
        for (int i = 0; i < 100; i++) {
            assertThat(lockout.failure("a")).isEqualTo(Duration.ofSeconds(5).toNanos()); // no overflow
        }
        advance(Duration.ofSeconds(6));
        assertThat(lockout.failure("a")).isZero(); // forgotten after max without a failure
    }

    @Test
    void aFullLockoutTableNeverRefusesAnAddressThatHasNotFailed() {
        Lockout lockout = new Lockout(1, Duration.ofSeconds(1), Duration.ofSeconds(2), now::get);
        String last = null;
        for (int i = 0; i < 30_000; i++) {
            last = "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255);
            lockout.failure(last);
            assertThat(lockout.size()).isLessThanOrEqualTo(Lockout.MAX_ADDRESSES);
        }
        assertThat(lockout.size()).isEqualTo(Lockout.MAX_ADDRESSES);
        assertThat(lockout.remaining("192.0.2.1")).isZero(); // never failed: never refused
        assertThat(lockout.remaining(last)).isPositive(); // the newest attacker is still locked out
    }

    @Test
    void aFullLockoutTableKeepsLockedAddressesOverOnesThatFailedOnce() {
        Lockout lockout = new Lockout(3, Duration.ofMinutes(1), Duration.ofMinutes(10), now::get, 100);
        for (int i = 0; i < 3; i++) {
            lockout.failure("198.51.100.1"); // locked out for a minute
        }
        for (int i = 0; i < 1_000; i++) {
            lockout.failure("10.0." + (i >> 8) + "." + (i & 255)); // one failure each: not locked
        }
        assertThat(lockout.size()).isEqualTo(100);
        assertThat(lockout.remaining("198.51.100.1")).isPositive();
    }

    @Test
    void tableSweepsRunOnTheInjectedClock() {
        Lockout lockout = new Lockout(1, Duration.ofSeconds(1), Duration.ofSeconds(2), now::get, 100);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 100; i++) {
                lockout.failure("10.1." + round + "." + i);
            }
            assertThat(lockout.size()).isEqualTo(100);
            advance(Duration.ofSeconds(3)); // every entry is now forgettable, on the test's clock only
            lockout.failure("192.0.2." + round);
            // The sweep dropped the forgettable entries; evicting the oldest instead would leave 100.
            assertThat(lockout.size()).isEqualTo(1);
        }
    }

    @Test
    void aFullRateTableGivesANewAddressItsWholeBurst() {
        RateLimiter limiter = new RateLimiter(1, 3, now::get, 50);
        for (int i = 0; i < 500; i++) {
            String a = "10.2." + (i >> 8) + "." + (i & 255);
            while (limiter.acquire(a) == 0) {
                // exhaust the address's bucket
            }
            assertThat(limiter.size()).isLessThanOrEqualTo(50);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("192.0.2.7")).isZero();
        }
        assertThat(limiter.acquire("192.0.2.7")).isPositive();
        advance(Duration.ofSeconds(5)); // refilled: expendable, swept on the injected clock
        limiter.acquire("192.0.2.8");
        assertThat(limiter.size()).isEqualTo(1);
    }

    @Test
    void exclusiveRefusesASecondRunAndHonoursTheCooldown() {
        Exclusive dumps = new Exclusive("heap dump", Duration.ofSeconds(10), now::get);
        Exclusive.Claim first = dumps.claim();
        assertThatThrownBy(dumps::claim).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(Refused.Reason.RUNNING);
            assertThat(Problem.of(r).status()).isEqualTo(409);
        });
        first.close();
        first.close(); // idempotent
        advance(Duration.ofSeconds(3));
        assertThatThrownBy(dumps::claim).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.retryAfterSeconds()).isEqualTo(7);
            Problem p = Problem.of(r);
            assertThat(p.status()).isEqualTo(429);
            assertThat(p.headers()).containsEntry("Retry-After", "7");
        });
        advance(Duration.ofSeconds(7));
        dumps.claim().close();
        Exclusive noCooldown = new Exclusive("histogram", Duration.ZERO, now::get);
        noCooldown.claim().close();
        noCooldown.claim().close();
    }

    @Test
    void ipv6ClientsCountByTheirSlash64() {
        assertThat(ClientAddress.key("127.0.0.2")).isEqualTo("127.0.0.2");
        assertThat(ClientAddress.key("2001:db8:1:2:aaaa::1")).isEqualTo(ClientAddress.key("[2001:db8:1:2:bbbb::9]"));
        assertThat(ClientAddress.key("2001:db8:1:2::1")).isNotEqualTo(ClientAddress.key("2001:db8:1:3::1"));
        assertThat(ClientAddress.key("::1")).isEqualTo("::1");
        assertThat(ClientAddress.key("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(ClientAddress.key("::ffff:10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(ClientAddress.key("fe80::1%eth0")).isEqualTo(ClientAddress.key("fe80::2"));
        assertThat(ClientAddress.key("not-an-address")).isEqualTo("not-an-address");
        assertThat(ClientAddress.key(null)).isEqualTo("unknown");
        assertThat(ClientAddress.key("2001:db8:1:2::1", 48)).isEqualTo(ClientAddress.key("2001:db8:1:ffff::9", 48))
                .isEqualTo("2001:db8:1:0:0:0:0:0/48");
        assertThat(ClientAddress.key("2001:db8:1:2::1", 48)).isNotEqualTo(ClientAddress.key("2001:db8:2:2::1", 48));
        assertThat(ClientAddress.key("2001:db8::1", 128)).isNotEqualTo(ClientAddress.key("2001:db8::2", 128));
    }

    @Test
    void limitsAreValidatedWithTheKeyInTheMessage() {
        assertThatThrownBy(() -> Hatch.builder().limits(l -> l.maxConnections(1)))
                .hasMessageContaining("hatch.limits.connections");
        assertThatThrownBy(() -> Hatch.builder().limits(l -> l.headTimeout(Duration.ofMillis(5))))
                .hasMessageContaining("hatch.limits.head-timeout");
        assertThatThrownBy(() -> Hatch.builder().limits(l -> l.maxConnections(8).maxConnectionsPerAddress(9)).port(0).start())
                .hasMessageContaining("connections-per-address");
    }
}
