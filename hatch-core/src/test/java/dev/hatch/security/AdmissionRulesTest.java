package dev.hatch.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hatch.Hatch;
import dev.hatch.http.Problem;
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
    void lockoutTableStaysBoundedUnderAddressRotation() {
        Lockout lockout = new Lockout(1, Duration.ofSeconds(1), Duration.ofSeconds(2), now::get);
        for (int i = 0; i < 30_000; i++) {
            lockout.failure("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
        }
        // The overflow entry catches the rest: a fresh address inherits the flood's lockout.
        assertThat(lockout.remaining(KeyedTable.OVERFLOW)).isPositive();
        assertThat(lockout.remaining("192.0.2.1")).isPositive();
    }

    @Test
    void exclusiveRefusesASecondRunAndHonoursTheCooldown() {
        Exclusive dumps = new Exclusive("heap dump", Duration.ofSeconds(10), now::get);
        Exclusive.Claim first = dumps.claim();
        assertThatThrownBy(dumps::claim).isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(409));
        first.close();
        first.close(); // idempotent
        advance(Duration.ofSeconds(3));
        assertThatThrownBy(dumps::claim).isInstanceOfSatisfying(Problem.class, p -> {
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
