package dev.hatch;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Resource limits of the endpoint. Every limit has a default an operator should never notice;
 * each can be changed with the builder ({@code Hatch.builder().limits(l -> l.maxThreads(16))})
 * or the property named beside it.
 *
 * @param maxThreads worker threads serving requests ({@code hatch.limits.threads}, default 8)
 * @param maxQueuedRequests requests waiting for a worker before 503 ({@code hatch.limits.queue}, default 32)
 * @param idleTimeout an idle connection is closed after this ({@code hatch.limits.idle-timeout}, default 30s)
 * @param maxHeaderBytes request line and headers; larger gets 431 ({@code hatch.limits.header-bytes}, default 8192)
 * @param maxUrlLength request target length; longer gets 414 ({@code hatch.limits.url-length}, default 2048)
 * @param maxQueryParameters query parameters; more get 400 ({@code hatch.limits.query-params}, default 16)
 * @param maxBodyBytes request body; larger gets 413 ({@code hatch.limits.body-bytes}, default 65536)
 * @param healthTimeout a health check slower than this counts as down ({@code hatch.health.timeout}, default 2s)
 */
public record Limits(int maxThreads, int maxQueuedRequests, Duration idleTimeout, int maxHeaderBytes,
                     int maxUrlLength, int maxQueryParameters, int maxBodyBytes, Duration healthTimeout) {

    /** Routes that may be configured public with {@code hatch.public}. */
    static final Set<String> PUBLIC_CAPABLE = Set.of("health");

    /** Validates every limit. */
    public Limits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(healthTimeout, "healthTimeout");
        atLeast("hatch.limits.threads", maxThreads, 2);
        atLeast("hatch.limits.queue", maxQueuedRequests, 1);
        atLeast("hatch.limits.header-bytes", maxHeaderBytes, 1024);
        atLeast("hatch.limits.url-length", maxUrlLength, 256);
        atLeast("hatch.limits.query-params", maxQueryParameters, 1);
        atLeast("hatch.limits.body-bytes", maxBodyBytes, 1024);
        if (idleTimeout.toMillis() < 100) {
            throw new ConfigException("hatch.limits.idle-timeout must be at least 100ms, was " + idleTimeout);
        }
        if (healthTimeout.toMillis() < 10) {
            throw new ConfigException("hatch.health.timeout must be at least 10ms, was " + healthTimeout);
        }
    }

    private static void atLeast(String key, int value, int min) {
        if (value < min) {
            throw new ConfigException(key + " must be at least " + min + ", was " + value);
        }
    }

    /** The defaults. */
    public static Limits defaults() {
        return builder().build();
    }

    static Builder builder() {
        return new Builder();
    }

    /** Mutable collector for {@link Limits}; see the record components for the defaults. */
    public static final class Builder {
        int maxThreads = 8;
        int maxQueuedRequests = 32;
        Duration idleTimeout = Duration.ofSeconds(30);
        int maxHeaderBytes = 8192;
        int maxUrlLength = 2048;
        int maxQueryParameters = 16;
        int maxBodyBytes = 64 * 1024;
        Duration healthTimeout = Duration.ofSeconds(2);

        Builder() {
        }

        /** Worker threads; default 8. */
        public Builder maxThreads(int n) {
            maxThreads = n;
            return this;
        }

        /** Requests waiting for a worker before 503; default 32. */
        public Builder maxQueuedRequests(int n) {
            maxQueuedRequests = n;
            return this;
        }

        /** Idle connection timeout; default 30s. */
        public Builder idleTimeout(Duration d) {
            idleTimeout = d;
            return this;
        }

        /** Request head size before 431; default 8192. */
        public Builder maxHeaderBytes(int n) {
            maxHeaderBytes = n;
            return this;
        }

        /** Request target length before 414; default 2048. */
        public Builder maxUrlLength(int n) {
            maxUrlLength = n;
            return this;
        }

        /** Query parameters before 400; default 16. */
        public Builder maxQueryParameters(int n) {
            maxQueryParameters = n;
            return this;
        }

        /** Request body size before 413; default 65536. */
        public Builder maxBodyBytes(int n) {
            maxBodyBytes = n;
            return this;
        }

        /** Time limit of each health check; default 2s. */
        public Builder healthTimeout(Duration d) {
            healthTimeout = d;
            return this;
        }

        Limits build() {
            return new Limits(maxThreads, maxQueuedRequests, idleTimeout, maxHeaderBytes, maxUrlLength,
                    maxQueryParameters, maxBodyBytes, healthTimeout);
        }
    }
}
