package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Every limit key parses, names itself when wrong, and has the documented default. */
class LimitsConfigTest {
    private static Limits load(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        Hatch.Builder b = Hatch.builder().properties(p);
        return b.settings().limitsBuilder.build();
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        Limits l = Limits.defaults();
        assertThat(l.maxThreads()).isEqualTo(8);
        assertThat(l.maxQueuedRequests()).isEqualTo(16);
        assertThat(l.maxConnections()).isEqualTo(256);
        assertThat(l.maxConnectionsPerAddress()).isEqualTo(32);
        assertThat(l.headTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(l.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(l.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(l.maxHeaderBytes()).isEqualTo(8192);
        assertThat(l.maxUrlLength()).isEqualTo(2048);
        assertThat(l.maxQueryParameters()).isEqualTo(16);
        assertThat(l.maxBodyBytes()).isEqualTo(65536);
        assertThat(l.rate()).isEqualTo(50);
        assertThat(l.burst()).isEqualTo(200);
        assertThat(l.anonymousRate()).isEqualTo(5);
        assertThat(l.anonymousBurst()).isEqualTo(20);
        assertThat(l.lockoutFailures()).isEqualTo(10);
        assertThat(l.lockoutBase()).isEqualTo(Duration.ofSeconds(1));
        assertThat(l.lockoutMax()).isEqualTo(Duration.ofMinutes(15));
        assertThat(l.dumpCooldown()).isEqualTo(Duration.ZERO);
        assertThat(l.auditMaxBytes()).isEqualTo(16L << 20);
        assertThat(l.auditFiles()).isEqualTo(5);
        assertThat(l.auditSummaryAfter()).isEqualTo(20);
        assertThat(l.auditSummaryInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(l.maxThreadsPerPrincipal()).isEqualTo(4);
        assertThat(l.reservedThreads()).isEqualTo(2);
        assertThat(l.minBodyRate()).isEqualTo(1024);
        assertThat(l.minResponseRate()).isEqualTo(16 * 1024);
        assertThat(l.minRateGrace()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void fairShareAndMinimumRatesAreAppliedAndChecked() {
        Limits l = load("hatch.limits.threads", "12", "hatch.limits.threads-per-principal", "5", "hatch.limits.reserved-threads", "3",
                "hatch.limits.min-body-rate", "2k", "hatch.limits.min-response-rate", "0", "hatch.limits.min-rate-grace", "3s");
        assertThat(l.maxThreadsPerPrincipal()).isEqualTo(5);
        assertThat(l.reservedThreads()).isEqualTo(3);
        assertThat(l.minBodyRate()).isEqualTo(2048);
        assertThat(l.minResponseRate()).isZero();
        assertThat(l.minRateGrace()).isEqualTo(Duration.ofSeconds(3));
        // Derived defaults follow hatch.limits.threads.
        Limits one = load("hatch.limits.threads", "1");
        assertThat(one.maxThreadsPerPrincipal()).isEqualTo(1);
        assertThat(one.reservedThreads()).isZero();
        assertThat(load("hatch.limits.threads", "3").maxThreadsPerPrincipal()).isEqualTo(2);
        assertThatThrownBy(() -> load("hatch.limits.threads", "4", "hatch.limits.threads-per-principal", "5"))
                .hasMessageContaining("hatch.limits.threads-per-principal");
        assertThatThrownBy(() -> load("hatch.limits.threads", "4", "hatch.limits.reserved-threads", "4"))
                .hasMessageContaining("hatch.limits.reserved-threads");
        assertThatThrownBy(() -> load("hatch.limits.min-body-rate", "-1")).hasMessageContaining("hatch.limits.min-body-rate");
        assertThatThrownBy(() -> load("hatch.limits.min-rate-grace", "10ms")).hasMessageContaining("hatch.limits.min-rate-grace");
    }

    @Test
    void everyKeyIsApplied() {
        Limits l = load("hatch.limits.threads", "4", "hatch.limits.queue", "0", "hatch.limits.connections", "100",
                "hatch.limits.connections-per-address", "10", "hatch.limits.head-timeout", "2s",
                "hatch.limits.keep-alive-timeout", "7s", "hatch.limits.idle-timeout", "1m", "hatch.limits.header-bytes", "4096",
                "hatch.limits.url-length", "1024", "hatch.limits.query-params", "8", "hatch.limits.body-bytes", "128k",
                "hatch.limits.rate", "20", "hatch.limits.burst", "40", "hatch.limits.anonymous-rate", "2",
                "hatch.limits.anonymous-burst", "4", "hatch.limits.lockout-failures", "3", "hatch.limits.lockout-base", "30m",
                "hatch.limits.lockout-max", "1h", "hatch.dump.cooldown", "5m", "hatch.audit.max-bytes", "1m",
                "hatch.audit.files", "9", "hatch.audit.summary-after", "3", "hatch.audit.summary-interval", "10s");
        assertThat(l.toString()).isEqualTo("Limits[threads=4, queue=0, connections=100, connectionsPerAddress=10, headTimeout=PT2S,"
                + " keepAliveTimeout=PT7S, idleTimeout=PT1M, headerBytes=4096, urlLength=1024, queryParams=8, bodyBytes=131072,"
                + " rate=20/40, anonymousRate=2/4, lockout=3/PT30M/PT1H, dumpCooldown=PT5M, audit=1048576x9, summary=3/PT10S,"
                + " healthTimeout=PT2S, fairShare=2/2, minRates=1024/16384/PT10S]");
    }

    @Test
    void malformedValuesNameTheKey() {
        assertThatThrownBy(() -> load("hatch.limits.rate", "fast")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("hatch.limits.rate");
        assertThatThrownBy(() -> load("hatch.audit.max-bytes", "16x")).hasMessageContaining("hatch.audit.max-bytes");
        assertThatThrownBy(() -> load("hatch.limits.body-bytes", "1g")).hasMessageContaining("hatch.limits.body-bytes");
        assertThatThrownBy(() -> load("hatch.limits.head-timeout", "-5s")).hasMessageContaining("hatch.limits.head-timeout");
        assertThatThrownBy(() -> load("hatch.limits.lockout-base", "2h")).hasMessageContaining("lockout-max");
        assertThatThrownBy(() -> load("hatch.tls.client-auth", "maybe")).hasMessageContaining("none, want or need");
        assertThatThrownBy(() -> load("hatch.limits.head-timeot", "5s")).hasMessageContaining("did you mean 'hatch.limits.head-timeout'");
    }
}
