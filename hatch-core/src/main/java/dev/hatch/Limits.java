package dev.hatch;

import dev.hatch.internal.config.Keys;
import dev.hatch.internal.config.LimitSettings;
import java.time.Duration;
import java.util.Set;

/**
 * Resource limits of the endpoint: admission control that runs before anything expensive.
 * Every limit has a default an operator should never notice and a flooding script always
 * does; each can be changed with the builder ({@code Hatch.builder().limits(l -> l.maxThreads(16))})
 * or the property named beside it. docs/security-model.md explains each default.
 *
 * <p>Each limit's key, default and bounds are in {@code docs/configuration.md}, generated from
 * the same table the builder checks its arguments against.
 */
public final class Limits {

    /** Routes that may be configured public with {@code hatch.public}. */
    static final Set<String> PUBLIC_CAPABLE = Set.of("health");

    private final LimitSettings b;

    private Limits(LimitSettings b) {
        this.b = b.copy();
    }

    /** The defaults. */
    public static Limits defaults() {
        return new Builder(new LimitSettings()).build();
    }

    /** Requests running a route handler at once ({@code hatch.limits.threads}, default 8). */
    public int maxThreads() {
        return b.maxThreads;
    }

    /** Requests that may wait up to a second for a handler slot before 503 ({@code hatch.limits.queue}, default 16). */
    public int maxQueuedRequests() {
        return b.maxQueuedRequests;
    }

    /**
     * Handler slots one principal may hold at once; a request beyond waits up to a second, then
     * gets 429 ({@code hatch.limits.threads-per-principal}, default half of {@code hatch.limits.threads},
     * rounded up: 4).
     */
    public int maxThreadsPerPrincipal() {
        return b.threadsPerPrincipal != null ? b.threadsPerPrincipal : (b.maxThreads + 1) / 2;
    }

    /**
     * Handler slots kept for principals that hold none: when only this many are free, a
     * principal that already holds a slot waits for another ({@code hatch.limits.reserved-threads},
     * default 2, or {@code hatch.limits.threads} - 1 when that is smaller).
     */
    public int reservedThreads() {
        return b.reservedThreads != null ? b.reservedThreads : Math.min(2, b.maxThreads - 1);
    }

    /** A request body arriving slower than this many bytes per second is cut with 408 ({@code hatch.limits.min-body-rate}, default 1k; 0: off). */
    public long minBodyRate() {
        return b.minBodyRate;
    }

    /** A response the client reads slower than this many bytes per second is aborted ({@code hatch.limits.min-response-rate}, default 16k; 0: off). */
    public long minResponseRate() {
        return b.minResponseRate;
    }

    /**
     * The period the minimum rates are measured over: the time spent waiting for the client,
     * per period, must move at least rate × period bytes ({@code hatch.limits.min-rate-grace}, default 10s).
     */
    public Duration minRateGrace() {
        return b.minRateGrace;
    }

    /** Open connections in total ({@code hatch.limits.connections}, default 256). */
    public int maxConnections() {
        return b.maxConnections;
    }

    /** Open connections from one address ({@code hatch.limits.connections-per-address}, default 32). */
    public int maxConnectionsPerAddress() {
        return b.maxConnectionsPerAddress;
    }

    /** Time a new connection has to deliver its first complete request head ({@code hatch.limits.head-timeout}, default 5s). */
    public Duration headTimeout() {
        return b.headTimeout;
    }

    /** Time after a response within which the next request head must be complete ({@code hatch.limits.keep-alive-timeout}, default 20s). */
    public Duration keepAliveTimeout() {
        return b.keepAliveTimeout;
    }

    /** A connection without progress for this long is closed ({@code hatch.limits.idle-timeout}, default 30s). */
    public Duration idleTimeout() {
        return b.idleTimeout;
    }

    /** Request line and headers; larger gets 431 ({@code hatch.limits.header-bytes}, default 8192). */
    public int maxHeaderBytes() {
        return b.maxHeaderBytes;
    }

    /** Request target length; longer gets 414 ({@code hatch.limits.url-length}, default 2048). */
    public int maxUrlLength() {
        return b.maxUrlLength;
    }

    /** Query parameters; more get 400 ({@code hatch.limits.query-params}, default 16). */
    public int maxQueryParameters() {
        return b.maxQueryParameters;
    }

    /** Request body; larger gets 413 ({@code hatch.limits.body-bytes}, default 65536). */
    public int maxBodyBytes() {
        return b.maxBodyBytes;
    }

    /** Authenticated requests per second per address ({@code hatch.limits.rate}, default 50). */
    public int rate() {
        return b.rate;
    }

    /** Authenticated requests one address may make in a burst ({@code hatch.limits.burst}, default 200). */
    public int burst() {
        return b.burst;
    }

    /** Requests without valid credentials per second per address ({@code hatch.limits.anonymous-rate}, default 5). */
    public int anonymousRate() {
        return b.anonymousRate;
    }

    /** Requests without valid credentials one address may make in a burst ({@code hatch.limits.anonymous-burst}, default 20). */
    public int anonymousBurst() {
        return b.anonymousBurst;
    }

    /** Wrong credentials from one address before it is locked out ({@code hatch.limits.lockout-failures}, default 10). */
    public int lockoutFailures() {
        return b.lockoutFailures;
    }

    /** The first lockout; each further failure doubles it ({@code hatch.limits.lockout-base}, default 1s). */
    public Duration lockoutBase() {
        return b.lockoutBase;
    }

    /** The longest lockout, also how long failures are remembered ({@code hatch.limits.lockout-max}, default 15m). */
    public Duration lockoutMax() {
        return b.lockoutMax;
    }

    /** The prefix length IPv6 client addresses are counted by ({@code hatch.limits.ipv6-prefix}, default 64). */
    public int ipv6Prefix() {
        return b.ipv6Prefix;
    }

    /** After a class histogram (a full GC), the next is refused with 429 for this long ({@code hatch.histogram.cooldown}, default 10s). */
    public Duration histogramCooldown() {
        return b.histogramCooldown;
    }

    /** After a heap dump, the next one is refused with 429 for this long ({@code hatch.dump.cooldown}, default 0s). */
    public Duration dumpCooldown() {
        return b.dumpCooldown;
    }

    /** Disk space a heap dump must leave free, else 507 ({@code hatch.dump.reserve}, default 0: only the dump itself must fit). */
    public long dumpReserveBytes() {
        return b.dumpReserveBytes;
    }

    /** Audit file size at which it is rotated ({@code hatch.audit.max-bytes}, default 16m). */
    public long auditMaxBytes() {
        return b.auditMaxBytes;
    }

    /** Rotated audit files kept ({@code hatch.audit.files}, default 5). */
    public int auditFiles() {
        return b.auditFiles;
    }

    /** Refusals per address and interval written one by one ({@code hatch.audit.summary-after}, default 20). */
    public int auditSummaryAfter() {
        return b.auditSummaryAfter;
    }

    /** The interval refusals are summarised over ({@code hatch.audit.summary-interval}, default 60s). */
    public Duration auditSummaryInterval() {
        return b.auditSummaryInterval;
    }

    /** A health check slower than this counts as down ({@code hatch.health.timeout}, default 2s). */
    public Duration healthTimeout() {
        return b.healthTimeout;
    }

    @Override
    public String toString() {
        return "Limits[threads=" + b.maxThreads + ", queue=" + b.maxQueuedRequests + ", connections=" + b.maxConnections
                + ", connectionsPerAddress=" + b.maxConnectionsPerAddress + ", headTimeout=" + b.headTimeout
                + ", keepAliveTimeout=" + b.keepAliveTimeout + ", idleTimeout=" + b.idleTimeout
                + ", headerBytes=" + b.maxHeaderBytes + ", urlLength=" + b.maxUrlLength + ", queryParams=" + b.maxQueryParameters
                + ", bodyBytes=" + b.maxBodyBytes + ", rate=" + b.rate + "/" + b.burst + ", anonymousRate=" + b.anonymousRate
                + "/" + b.anonymousBurst + ", lockout=" + b.lockoutFailures + "/" + b.lockoutBase + "/" + b.lockoutMax
                + ", dumpCooldown=" + b.dumpCooldown + ", audit=" + b.auditMaxBytes + "x" + b.auditFiles
                + ", summary=" + b.auditSummaryAfter + "/" + b.auditSummaryInterval + ", healthTimeout=" + b.healthTimeout + ", fairShare=" + maxThreadsPerPrincipal() + "/" + reservedThreads()
                + ", minRates=" + b.minBodyRate + "/" + b.minResponseRate + "/" + b.minRateGrace + "]";
    }

    /** Mutable collector for {@link Limits}; each setter states its default. */
    public static final class Builder {
        private final LimitSettings s;

        Builder(LimitSettings s) {
            this.s = s;
        }

        /** Requests running a route handler at once; default 8, at least 1. */
        public Builder maxThreads(int n) {
            s.maxThreads = Keys.LIMITS_THREADS.check(n);
            return this;
        }

        /** Requests waiting (up to a second) for a handler slot before 503; default 16, 0 answers 503 at once. */
        public Builder maxQueuedRequests(int n) {
            s.maxQueuedRequests = Keys.LIMITS_QUEUE.check(n);
            return this;
        }

        /**
         * Handler slots one principal (a token or certificate name; callers without credentials
         * count as one) may hold at once; a request beyond waits up to a second for one of them to
         * be released, then gets 429. Default: half of
         * {@link #maxThreads(int)}, rounded up (4 with the default 8); at most {@code maxThreads}.
         */
        public Builder maxThreadsPerPrincipal(int n) {
            s.threadsPerPrincipal = Keys.LIMITS_THREADS_PER_PRINCIPAL.check(n);
            return this;
        }

        /**
         * Handler slots kept for principals that hold none yet: when only this many slots are
         * free, a principal that already holds one waits (up to a second, then 503) instead of
         * taking them. Default 2 (or {@code maxThreads - 1} when smaller); 0 keeps none; less than
         * {@code maxThreads}.
         */
        public Builder reservedThreads(int n) {
            s.reservedThreads = Keys.LIMITS_RESERVED_THREADS.check(n);
            return this;
        }

        /**
         * Minimum rates in bytes per second: a request body that arrives slower than
         * {@code bodyRate} is cut (408, connection closed), a response that the client reads
         * slower than {@code responseRate} is aborted, freeing the handler slot either way. Only
         * the time spent waiting for the client counts, measured over periods of
         * {@code grace}. Defaults 1024 B/s, 16 KiB/s, 10s; a rate of 0 turns that check off.
         */
        public Builder minDataRates(long bodyRate, long responseRate, Duration grace) {
            s.minBodyRate = Keys.LIMITS_MIN_BODY_RATE.check(bodyRate);
            s.minResponseRate = Keys.LIMITS_MIN_RESPONSE_RATE.check(responseRate);
            s.minRateGrace = Keys.LIMITS_MIN_RATE_GRACE.check(grace);
            return this;
        }

        /** Open connections in total; default 256. */
        public Builder maxConnections(int n) {
            s.maxConnections = Keys.LIMITS_CONNECTIONS.check(n);
            return this;
        }

        /** Open connections from one client address; default 32. */
        public Builder maxConnectionsPerAddress(int n) {
            s.maxConnectionsPerAddress = Keys.LIMITS_CONNECTIONS_PER_ADDRESS.check(n);
            return this;
        }

        /** Time a new connection has to deliver its first complete request head; default 5s. */
        public Builder headTimeout(Duration d) {
            s.headTimeout = Keys.LIMITS_HEAD_TIMEOUT.check(d);
            return this;
        }

        /** Time after a response within which the next request head must be complete; default 20s. */
        public Builder keepAliveTimeout(Duration d) {
            s.keepAliveTimeout = Keys.LIMITS_KEEP_ALIVE_TIMEOUT.check(d);
            return this;
        }

        /** Idle connection timeout while a request is in progress; default 30s. */
        public Builder idleTimeout(Duration d) {
            s.idleTimeout = Keys.LIMITS_IDLE_TIMEOUT.check(d);
            return this;
        }

        /** Request head size before 431; default 8192. */
        public Builder maxHeaderBytes(int n) {
            s.maxHeaderBytes = Keys.LIMITS_HEADER_BYTES.check((long) n).intValue();
            return this;
        }

        /** Request target length before 414; default 2048. */
        public Builder maxUrlLength(int n) {
            s.maxUrlLength = Keys.LIMITS_URL_LENGTH.check(n);
            return this;
        }

        /** Query parameters before 400; default 16. */
        public Builder maxQueryParameters(int n) {
            s.maxQueryParameters = Keys.LIMITS_QUERY_PARAMS.check(n);
            return this;
        }

        /** Request body size before 413; default 65536. */
        public Builder maxBodyBytes(int n) {
            s.maxBodyBytes = Keys.LIMITS_BODY_BYTES.check((long) n).intValue();
            return this;
        }

        /** Authenticated requests per second and address, and the burst allowed; default 50/s, 200. */
        public Builder rate(int perSecond, int burst) {
            s.rate = Keys.LIMITS_RATE.check(perSecond);
            s.burst = Keys.LIMITS_BURST.check(burst);
            return this;
        }

        /** Requests without valid credentials per second and address, and the burst allowed; default 5/s, 20. */
        public Builder anonymousRate(int perSecond, int burst) {
            s.anonymousRate = Keys.LIMITS_ANONYMOUS_RATE.check(perSecond);
            s.anonymousBurst = Keys.LIMITS_ANONYMOUS_BURST.check(burst);
            return this;
        }

        /**
         * Lockout after wrong credentials: after {@code failures} from one address it is locked out
         * for {@code base}, doubling with each further failure up to {@code max}; failures are
         * forgotten after {@code max} without one. Default 10, 1s, 15m.
         */
        public Builder lockout(int failures, Duration base, Duration max) {
            s.lockoutFailures = Keys.LIMITS_LOCKOUT_FAILURES.check(failures);
            s.lockoutBase = Keys.LIMITS_LOCKOUT_BASE.check(base);
            s.lockoutMax = Keys.LIMITS_LOCKOUT_MAX.check(max);
            return this;
        }

        /**
         * IPv6 clients are counted by rate limits and the lockout per prefix of this many bits,
         * since one host is normally given a whole /64 and could take a fresh address for every
         * request; default 64 (16 to 128).
         */
        public Builder ipv6Prefix(int bits) {
            s.ipv6Prefix = Keys.LIMITS_IPV6_PREFIX.check(bits);
            return this;
        }

        /** After a class histogram, which runs a full GC, the next is refused with 429 for this long; default 10s. */
        public Builder histogramCooldown(Duration d) {
            s.histogramCooldown = Keys.HISTOGRAM_COOLDOWN.check(d);
            return this;
        }

        /** After a heap dump, the next one is refused with 429 for this long; default 0s (no cooldown). */
        public Builder dumpCooldown(Duration d) {
            s.dumpCooldown = Keys.DUMP_COOLDOWN.check(d);
            return this;
        }

        /**
         * Disk space a heap dump must leave free on the dump directory's file system, so that a
         * dump never fills the disk the application writes to; default 0 (the dump must fit).
         */
        public Builder dumpReserveBytes(long bytes) {
            s.dumpReserveBytes = Keys.DUMP_RESERVE.check(bytes);
            return this;
        }

        /** Audit file size before rotation and rotated files kept; default 16 MiB, 5. */
        public Builder auditRotation(long maxBytes, int files) {
            s.auditMaxBytes = Keys.AUDIT_MAX_BYTES.check(maxBytes);
            s.auditFiles = Keys.AUDIT_FILES.check(files);
            return this;
        }

        /** Refusals per address and interval written one by one before they are only counted; default 20 per 60s. */
        public Builder auditSummary(int after, Duration interval) {
            s.auditSummaryAfter = Keys.AUDIT_SUMMARY_AFTER.check(after);
            s.auditSummaryInterval = Keys.AUDIT_SUMMARY_INTERVAL.check(interval);
            return this;
        }

        /** Time limit of each health check; default 2s. */
        public Builder healthTimeout(Duration d) {
            s.healthTimeout = Keys.HEALTH_TIMEOUT.check(d);
            return this;
        }

        /** Checks the limits against each other and returns them. */
        public Limits build() {
            if (s.lockoutMax.compareTo(s.lockoutBase) < 0) {
                throw new ConfigException("hatch.limits.lockout-max (" + s.lockoutMax + ") is shorter than hatch.limits.lockout-base ("
                        + s.lockoutBase + ")");
            }
            if (s.threadsPerPrincipal != null && s.threadsPerPrincipal > s.maxThreads) {
                throw new ConfigException("hatch.limits.threads-per-principal (" + s.threadsPerPrincipal
                        + ") exceeds hatch.limits.threads (" + s.maxThreads + ")");
            }
            if (s.reservedThreads != null && s.reservedThreads >= s.maxThreads) {
                throw new ConfigException("hatch.limits.reserved-threads (" + s.reservedThreads
                        + ") must be less than hatch.limits.threads (" + s.maxThreads + ")");
            }
            if (s.maxConnectionsPerAddress > s.maxConnections) {
                throw new ConfigException("hatch.limits.connections-per-address (" + s.maxConnectionsPerAddress
                        + ") exceeds hatch.limits.connections (" + s.maxConnections + ")");
            }
            return new Limits(s);
        }
    }
}
