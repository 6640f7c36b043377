package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An attacker with many source addresses (127/8 locally, a /48 of IPv6 elsewhere) fills the
 * lockout table with wrong tokens; the administrator, from an address that never failed, must
 * still be served. Real sockets from 12 000 distinct loopback addresses.
 */
class LockoutExhaustionTest {
    private static final int ATTACKERS = 12_000;

    @Test
    void theAdministratorIsServedAfterTwelveThousandFailingAddresses() throws Exception {
        try (TestEndpoint ep = TestEndpoint.start(b -> b.limits(l -> l.lockout(1, Duration.ofMinutes(1), Duration.ofMinutes(15))
                .anonymousRate(5, 20).rate(50, 200)))) {
            int port = ep.hatch().port();
            AtomicInteger refused = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "lockout-attacker");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> all = new ArrayList<>();
                for (int w = 0; w < 8; w++) {
                    int worker = w;
                    all.add(pool.submit(() -> {
                        for (int i = worker; i < ATTACKERS; i += 8) {
                            String from = "127.10." + (i / 250) + "." + (i % 250 + 1);
                            RawClient.Response r = RawClient.request(from, port, "GET", "/ops/health", "wrong-token-" + i);
                            if (r.status() == 401 || r.status() == 429) {
                                refused.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : all) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(refused.get()).isEqualTo(ATTACKERS);
            RawClient.Response admin = RawClient.request("127.0.0.1", port, "GET", "/ops/health", TestEndpoint.ADMIN);
            // ADMIN lacks monitor: 403 proves it was authenticated, not refused by the lockout.
            assertThat(admin.status()).isEqualTo(403);
            assertThat(RawClient.request("127.0.0.1", port, "GET", "/ops/audit?limit=1", TestEndpoint.ADMIN).status()).isEqualTo(200);
            assertThat(RawClient.request("127.0.0.9", port, "GET", "/ops/health", TestEndpoint.MONITOR).status()).isEqualTo(200);
        }
    }
}
