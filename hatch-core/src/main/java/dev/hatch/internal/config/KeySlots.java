package dev.hatch.internal.config;

import dev.hatch.Hatch;
import dev.hatch.Tls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What each {@link Keys} entry sets and reads, by its slot: one switch instead of two lambdas per
 * key. A lambda is a class the JVM spins at start-up, and the table's 138 of them were the largest
 * part of what reading the configuration cost an agent's start (about 45 ms of the start thread,
 * plus their compilation). One case per key, in the table's order.
 */
final class KeySlots {
    private KeySlots() {
    }

    /** Sets {@code value} for the key in {@code slot}. */
    @SuppressWarnings("unchecked")
    static void set(int slot, Hatch.Builder b, Settings s, Object value) {
        switch (slot) {
            case 0 -> { // HOST
                String v = (String) value;
                b.host(v);
            }
            case 1 -> { // PORT
                Integer v = (Integer) value;
                b.port(v);
            }
            case 2 -> { // PUBLIC
                List<String> v = (List<String>) value;
                b.publicRoutes(v.toArray(new String[0]));
            }
            case 3 -> { // MASK_KEYS
                List<String> v = (List<String>) value;
                b.maskKeys(v.toArray(new String[0]));
            }
            case 4 -> { // TLS_CERT
                Path v = (Path) value;
                s.tls.certificateChain = v;
            }
            case 5 -> { // TLS_KEY
                Path v = (Path) value;
                s.tls.privateKey = v;
            }
            case 6 -> { // TLS_KEYSTORE
                Path v = (Path) value;
                s.tls.keyStore = v;
            }
            case 7 -> { // TLS_KEYSTORE_PASSWORD
                String v = (String) value;
                s.tls.keyStorePassword = v;
            }
            case 8 -> { // TLS_CLIENT_CA
                Path v = (Path) value;
                s.tlsBuilder.clientCa(v);
            }
            case 9 -> { // TLS_CLIENT_AUTH
                String v = (String) value;
                s.tlsBuilder.clientAuth(Tls.ClientAuth.parse(v));
            }
            case 10 -> { // AUDIT_FILE
                Path v = (Path) value;
                b.auditFile(v);
            }
            case 11 -> { // AUDIT_KEY
                String v = (String) value;
                b.auditKey(v);
            }
            case 12 -> { // AUDIT_ON_FAILURE
                String v = (String) value;
                b.auditOnFailure(v);
            }
            case 13 -> { // AUDIT_MAX_BYTES
                Long v = (Long) value;
                s.limitsBuilder.auditRotation(v, s.limits.auditFiles);
            }
            case 14 -> { // AUDIT_FILES
                Integer v = (Integer) value;
                s.limitsBuilder.auditRotation(s.limits.auditMaxBytes, v);
            }
            case 15 -> { // AUDIT_SUMMARY_AFTER
                Integer v = (Integer) value;
                s.limitsBuilder.auditSummary(v, s.limits.auditSummaryInterval);
            }
            case 16 -> { // AUDIT_SUMMARY_INTERVAL
                Duration v = (Duration) value;
                s.limitsBuilder.auditSummary(s.limits.auditSummaryAfter, v);
            }
            case 17 -> { // LIMITS_THREADS
                Integer v = (Integer) value;
                s.limitsBuilder.maxThreads(v);
            }
            case 18 -> { // LIMITS_QUEUE
                Integer v = (Integer) value;
                s.limitsBuilder.maxQueuedRequests(v);
            }
            case 19 -> { // LIMITS_THREADS_PER_PRINCIPAL
                Integer v = (Integer) value;
                s.limitsBuilder.maxThreadsPerPrincipal(v);
            }
            case 20 -> { // LIMITS_RESERVED_THREADS
                Integer v = (Integer) value;
                s.limitsBuilder.reservedThreads(v);
            }
            case 21 -> { // LIMITS_MIN_BODY_RATE
                Long v = (Long) value;
                s.limitsBuilder.minDataRates(v, s.limits.minResponseRate, s.limits.minRateGrace);
            }
            case 22 -> { // LIMITS_MIN_RESPONSE_RATE
                Long v = (Long) value;
                s.limitsBuilder.minDataRates(s.limits.minBodyRate, v, s.limits.minRateGrace);
            }
            case 23 -> { // LIMITS_MIN_RATE_GRACE
                Duration v = (Duration) value;
                s.limitsBuilder.minDataRates(s.limits.minBodyRate, s.limits.minResponseRate, v);
            }
            case 24 -> { // LIMITS_CONNECTIONS
                Integer v = (Integer) value;
                s.limitsBuilder.maxConnections(v);
            }
            case 25 -> { // LIMITS_CONNECTIONS_PER_ADDRESS
                Integer v = (Integer) value;
                s.limitsBuilder.maxConnectionsPerAddress(v);
            }
            case 26 -> { // LIMITS_HEAD_TIMEOUT
                Duration v = (Duration) value;
                s.limitsBuilder.headTimeout(v);
            }
            case 27 -> { // LIMITS_KEEP_ALIVE_TIMEOUT
                Duration v = (Duration) value;
                s.limitsBuilder.keepAliveTimeout(v);
            }
            case 28 -> { // LIMITS_IDLE_TIMEOUT
                Duration v = (Duration) value;
                s.limitsBuilder.idleTimeout(v);
            }
            case 29 -> { // LIMITS_HEADER_BYTES
                Long v = (Long) value;
                s.limitsBuilder.maxHeaderBytes(v.intValue());
            }
            case 30 -> { // LIMITS_URL_LENGTH
                Integer v = (Integer) value;
                s.limitsBuilder.maxUrlLength(v);
            }
            case 31 -> { // LIMITS_QUERY_PARAMS
                Integer v = (Integer) value;
                s.limitsBuilder.maxQueryParameters(v);
            }
            case 32 -> { // LIMITS_BODY_BYTES
                Long v = (Long) value;
                s.limitsBuilder.maxBodyBytes(v.intValue());
            }
            case 33 -> { // LIMITS_RATE
                Integer v = (Integer) value;
                s.limitsBuilder.rate(v, s.limits.burst);
            }
            case 34 -> { // LIMITS_BURST
                Integer v = (Integer) value;
                s.limitsBuilder.rate(s.limits.rate, v);
            }
            case 35 -> { // LIMITS_ANONYMOUS_RATE
                Integer v = (Integer) value;
                s.limitsBuilder.anonymousRate(v, s.limits.anonymousBurst);
            }
            case 36 -> { // LIMITS_ANONYMOUS_BURST
                Integer v = (Integer) value;
                s.limitsBuilder.anonymousRate(s.limits.anonymousRate, v);
            }
            case 37 -> { // LIMITS_LOCKOUT_FAILURES
                Integer v = (Integer) value;
                s.limitsBuilder.lockout(v, s.limits.lockoutBase, s.limits.lockoutMax);
            }
            case 38 -> { // LIMITS_LOCKOUT_BASE
                Duration v = (Duration) value;
                s.limitsBuilder.lockout(s.limits.lockoutFailures, v, s.limits.lockoutMax);
            }
            case 39 -> { // LIMITS_LOCKOUT_MAX
                Duration v = (Duration) value;
                s.limitsBuilder.lockout(s.limits.lockoutFailures, s.limits.lockoutBase, v);
            }
            case 40 -> { // LIMITS_IPV6_PREFIX
                Integer v = (Integer) value;
                s.limitsBuilder.ipv6Prefix(v);
            }
            case 41 -> { // HEALTH_TIMEOUT
                Duration v = (Duration) value;
                s.limitsBuilder.healthTimeout(v);
            }
            case 42 -> { // DUMP_DIR
                Path v = (Path) value;
                b.dumpDirectory(v);
            }
            case 43 -> { // DUMP_COOLDOWN
                Duration v = (Duration) value;
                s.limitsBuilder.dumpCooldown(v);
            }
            case 44 -> { // DUMP_RESERVE
                Long v = (Long) value;
                s.limitsBuilder.dumpReserveBytes(v);
            }
            case 45 -> { // HEAPDUMPS_RETENTION
                Duration v = (Duration) value;
                b.heapDumpRetention(v);
            }
            case 46 -> { // HEAPDUMPS_QUOTA
                Long v = (Long) value;
                b.heapDumpQuota(v);
            }
            case 47 -> { // HISTOGRAM_COOLDOWN
                Duration v = (Duration) value;
                s.limitsBuilder.histogramCooldown(v);
            }
            case 48 -> { // LEAKS_ENABLED
                Boolean v = (Boolean) value;
                b.leakDetection(v);
            }
            case 49 -> { // LEAKS_INTERVAL
                Duration v = (Duration) value;
                b.leakInterval(v);
            }
            case 50 -> { // LEAKS_HISTOGRAMS
                Boolean v = (Boolean) value;
                b.leakHistograms(v);
            }
            case 51 -> { // LEAKS_HISTOGRAM_INTERVAL
                Duration v = (Duration) value;
                b.leakHistogramInterval(v);
            }
            case 52 -> { // LEAKS_HISTOGRAM_BUDGET
                Double v = (Double) value;
                b.leakHistogramBudget(v);
            }
            case 53 -> { // LEAKS_BACKSTOP
                Integer v = (Integer) value;
                b.leakBackstop(v);
            }
            case 54 -> { // LEAKS_ALLOCATION_SITES
                Boolean v = (Boolean) value;
                b.leakAllocationSites(v);
            }
            case 55 -> { // LEAKS_SAMPLE_INTERVAL
                Duration v = (Duration) value;
                b.leakSampleInterval(v);
            }
            case 56 -> { // START_DELAY
                Duration v = (Duration) value;
                b.startDelay(v);
            }
            case 57 -> { // CONTAINER_CGROUP_ROOT
                Path v = (Path) value;
                b.containerCgroupRoot(v);
            }
            case 58 -> { // JFR_CONTINUOUS
                Boolean v = (Boolean) value;
                b.jfrContinuous(v);
            }
            case 59 -> { // JFR_MAX_AGE
                Duration v = (Duration) value;
                b.jfrMaxAge(v);
            }
            case 60 -> { // JFR_MAX_SIZE
                Long v = (Long) value;
                b.jfrMaxSize(v);
            }
            case 61 -> { // JFR_SETTINGS
                String v = (String) value;
                b.jfrSettings(v);
            }
            case 62 -> { // THREADS_VIRTUAL_LIMIT
                Integer v = (Integer) value;
                b.virtualThreadLimit(v);
            }
            case 63 -> { // THREADS_VIRTUAL_TIMEOUT
                Duration v = (Duration) value;
                b.virtualThreadDumpTimeout(v);
            }
            case 64 -> { // REPL_ENABLED
                Boolean v = (Boolean) value;
                b.replEnabled(v);
            }
            case 65 -> { // REPL_TIMEOUT
                Duration v = (Duration) value;
                b.replTimeout(v);
            }
            case 66 -> { // REPL_MAX_SESSIONS
                Integer v = (Integer) value;
                b.replMaxSessions(v);
            }
            case 67 -> { // REPL_IDLE_TIMEOUT
                Duration v = (Duration) value;
                b.replIdleTimeout(v);
            }
            case 68 -> { // REPL_OUTPUT_BYTES
                Long v = (Long) value;
                b.replOutputBytes(v.intValue());
            }
            default -> throw new IllegalArgumentException("no key in slot " + slot);
        }
    }

    /** The current value of the key in {@code slot}. */
    static Object read(int slot, Settings s) {
        return switch (slot) {
            case 0 -> s.host; // HOST
            case 1 -> s.port; // PORT
            case 2 -> List.copyOf(s.publicRoutes); // PUBLIC
            case 3 -> List.copyOf(s.maskKeys); // MASK_KEYS
            case 4 -> s.tls.certificateChain; // TLS_CERT
            case 5 -> s.tls.privateKey; // TLS_KEY
            case 6 -> s.tls.keyStore; // TLS_KEYSTORE
            case 7 -> s.tls.keyStorePassword; // TLS_KEYSTORE_PASSWORD
            case 8 -> s.tls.clientCa; // TLS_CLIENT_CA
            case 9 -> s.tls.clientAuth; // TLS_CLIENT_AUTH
            case 10 -> s.auditFile; // AUDIT_FILE
            case 11 -> s.auditKey; // AUDIT_KEY
            case 12 -> s.auditRefuseScopes; // AUDIT_ON_FAILURE
            case 13 -> s.limits.auditMaxBytes; // AUDIT_MAX_BYTES
            case 14 -> s.limits.auditFiles; // AUDIT_FILES
            case 15 -> s.limits.auditSummaryAfter; // AUDIT_SUMMARY_AFTER
            case 16 -> s.limits.auditSummaryInterval; // AUDIT_SUMMARY_INTERVAL
            case 17 -> s.limits.maxThreads; // LIMITS_THREADS
            case 18 -> s.limits.maxQueuedRequests; // LIMITS_QUEUE
            case 19 -> s.limits.threadsPerPrincipal; // LIMITS_THREADS_PER_PRINCIPAL
            case 20 -> s.limits.reservedThreads; // LIMITS_RESERVED_THREADS
            case 21 -> s.limits.minBodyRate; // LIMITS_MIN_BODY_RATE
            case 22 -> s.limits.minResponseRate; // LIMITS_MIN_RESPONSE_RATE
            case 23 -> s.limits.minRateGrace; // LIMITS_MIN_RATE_GRACE
            case 24 -> s.limits.maxConnections; // LIMITS_CONNECTIONS
            case 25 -> s.limits.maxConnectionsPerAddress; // LIMITS_CONNECTIONS_PER_ADDRESS
            case 26 -> s.limits.headTimeout; // LIMITS_HEAD_TIMEOUT
            case 27 -> s.limits.keepAliveTimeout; // LIMITS_KEEP_ALIVE_TIMEOUT
            case 28 -> s.limits.idleTimeout; // LIMITS_IDLE_TIMEOUT
            case 29 -> (long) s.limits.maxHeaderBytes; // LIMITS_HEADER_BYTES
            case 30 -> s.limits.maxUrlLength; // LIMITS_URL_LENGTH
            case 31 -> s.limits.maxQueryParameters; // LIMITS_QUERY_PARAMS
            case 32 -> (long) s.limits.maxBodyBytes; // LIMITS_BODY_BYTES
            case 33 -> s.limits.rate; // LIMITS_RATE
            case 34 -> s.limits.burst; // LIMITS_BURST
            case 35 -> s.limits.anonymousRate; // LIMITS_ANONYMOUS_RATE
            case 36 -> s.limits.anonymousBurst; // LIMITS_ANONYMOUS_BURST
            case 37 -> s.limits.lockoutFailures; // LIMITS_LOCKOUT_FAILURES
            case 38 -> s.limits.lockoutBase; // LIMITS_LOCKOUT_BASE
            case 39 -> s.limits.lockoutMax; // LIMITS_LOCKOUT_MAX
            case 40 -> s.limits.ipv6Prefix; // LIMITS_IPV6_PREFIX
            case 41 -> s.limits.healthTimeout; // HEALTH_TIMEOUT
            case 42 -> s.dumpDir; // DUMP_DIR
            case 43 -> s.limits.dumpCooldown; // DUMP_COOLDOWN
            case 44 -> s.limits.dumpReserveBytes; // DUMP_RESERVE
            case 45 -> s.heapDumpRetention; // HEAPDUMPS_RETENTION
            case 46 -> s.heapDumpQuota; // HEAPDUMPS_QUOTA
            case 47 -> s.limits.histogramCooldown; // HISTOGRAM_COOLDOWN
            case 48 -> s.leaks.enabled(); // LEAKS_ENABLED
            case 49 -> s.leaks.interval(); // LEAKS_INTERVAL
            case 50 -> s.leaks.histograms(); // LEAKS_HISTOGRAMS
            case 51 -> s.leaks.histogramInterval(); // LEAKS_HISTOGRAM_INTERVAL
            case 52 -> s.leaks.histogramBudgetPercent(); // LEAKS_HISTOGRAM_BUDGET
            case 53 -> s.leaks.backstopPercent(); // LEAKS_BACKSTOP
            case 54 -> s.leaks.allocationSites(); // LEAKS_ALLOCATION_SITES
            case 55 -> s.leaks.sampleInterval(); // LEAKS_SAMPLE_INTERVAL
            case 56 -> s.startDelay; // START_DELAY
            case 57 -> s.cgroupRoot; // CONTAINER_CGROUP_ROOT
            case 58 -> s.jfrContinuous; // JFR_CONTINUOUS
            case 59 -> s.jfrMaxAge; // JFR_MAX_AGE
            case 60 -> s.jfrMaxSize; // JFR_MAX_SIZE
            case 61 -> s.jfrSettings; // JFR_SETTINGS
            case 62 -> s.virtualThreadLimit; // THREADS_VIRTUAL_LIMIT
            case 63 -> s.virtualThreadDumpTimeout; // THREADS_VIRTUAL_TIMEOUT
            case 64 -> s.replEnabled; // REPL_ENABLED
            case 65 -> s.replTimeout; // REPL_TIMEOUT
            case 66 -> s.replMaxSessions; // REPL_MAX_SESSIONS
            case 67 -> s.replIdleTimeout; // REPL_IDLE_TIMEOUT
            case 68 -> (long) s.replOutputBytes; // REPL_OUTPUT_BYTES
            default -> throw new IllegalArgumentException("no key in slot " + slot);
        };
    }
}
