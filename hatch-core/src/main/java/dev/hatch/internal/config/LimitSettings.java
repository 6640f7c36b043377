package dev.hatch.internal.config;

import java.time.Duration;

/** The state behind {@link dev.hatch.Limits.Builder} and {@link dev.hatch.Limits}. Internal. */
public final class LimitSettings {
    public int maxThreads = 8;
    public int maxQueuedRequests = 16;
    public Integer threadsPerPrincipal;
    public Integer reservedThreads;
    public long minBodyRate = 1024;
    public long minResponseRate = 16 * 1024;
    public Duration minRateGrace = Duration.ofSeconds(10);
    public int maxConnections = 256;
    public int maxConnectionsPerAddress = 32;
    public Duration headTimeout = Duration.ofSeconds(5);
    public Duration keepAliveTimeout = Duration.ofSeconds(20);
    public Duration idleTimeout = Duration.ofSeconds(30);
    public int maxHeaderBytes = 8192;
    public int maxUrlLength = 2048;
    public int maxQueryParameters = 16;
    public int maxBodyBytes = 64 * 1024;
    public int rate = 50;
    public int burst = 200;
    public int anonymousRate = 5;
    public int anonymousBurst = 20;
    public int lockoutFailures = 10;
    public Duration lockoutBase = Duration.ofSeconds(1);
    public Duration lockoutMax = Duration.ofMinutes(15);
    public int ipv6Prefix = 64;
    public Duration histogramCooldown = Duration.ofSeconds(10);
    public Duration dumpCooldown = Duration.ZERO;
    public long dumpReserveBytes;
    public long auditMaxBytes = 16L << 20;
    public int auditFiles = 5;
    public int auditSummaryAfter = 20;
    public Duration auditSummaryInterval = Duration.ofSeconds(60);
    public Duration healthTimeout = Duration.ofSeconds(2);

    public LimitSettings copy() {
        LimitSettings c = new LimitSettings();
        c.maxThreads = maxThreads;
        c.maxQueuedRequests = maxQueuedRequests;
        c.threadsPerPrincipal = threadsPerPrincipal;
        c.reservedThreads = reservedThreads;
        c.minBodyRate = minBodyRate;
        c.minResponseRate = minResponseRate;
        c.minRateGrace = minRateGrace;
        c.maxConnections = maxConnections;
        c.maxConnectionsPerAddress = maxConnectionsPerAddress;
        c.headTimeout = headTimeout;
        c.keepAliveTimeout = keepAliveTimeout;
        c.idleTimeout = idleTimeout;
        c.maxHeaderBytes = maxHeaderBytes;
        c.maxUrlLength = maxUrlLength;
        c.maxQueryParameters = maxQueryParameters;
        c.maxBodyBytes = maxBodyBytes;
        c.rate = rate;
        c.burst = burst;
        c.anonymousRate = anonymousRate;
        c.anonymousBurst = anonymousBurst;
        c.lockoutFailures = lockoutFailures;
        c.lockoutBase = lockoutBase;
        c.lockoutMax = lockoutMax;
        c.ipv6Prefix = ipv6Prefix;
        c.histogramCooldown = histogramCooldown;
        c.dumpCooldown = dumpCooldown;
        c.dumpReserveBytes = dumpReserveBytes;
        c.auditMaxBytes = auditMaxBytes;
        c.auditFiles = auditFiles;
        c.auditSummaryAfter = auditSummaryAfter;
        c.auditSummaryInterval = auditSummaryInterval;
        c.healthTimeout = healthTimeout;
        return c;
    }
}
