package dev.hatch;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * A running maintenance endpoint inside this JVM.
 *
 * <pre>{@code
 * Hatch hatch = Hatch.builder()
 *     .port(9070)                                        // default 9070; 0 picks a free port
 *     .token("oncall", "env:HATCH_ONCALL_TOKEN", Scope.MONITOR, Scope.DUMP)
 *     .healthCheck("database", () -> HealthCheck.Result.up())
 *     .start();
 * ...
 * hatch.close();
 * }</pre>
 *
 * <p>The endpoint listens on 127.0.0.1 unless told otherwise, answers 401 to every request
 * without a valid token, and never changes its security configuration once started. When no
 * token is configured at all, a random one is generated and written to a file readable only by
 * this user (see {@link #generatedTokenFile()}); Hatch never starts without authentication.
 *
 * <p>Instances are thread-safe. {@link #close()} stops the server and releases everything.
 */
public final class Hatch implements AutoCloseable {

    private final Endpoint endpoint;

    private Hatch(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** A builder with secure defaults: loopback only, port 9070, REPL disabled. */
    public static Builder builder() {
        return new Builder();
    }

    /** The port the endpoint listens on; the chosen one when configured with port 0. */
    public int port() {
        return endpoint.port();
    }

    /** The address the endpoint is bound to, e.g. {@code 127.0.0.1}. */
    public String host() {
        return endpoint.host();
    }

    /** The base URL of the API, e.g. {@code http://127.0.0.1:9070/ops}. */
    public URI url() {
        return endpoint.url();
    }

    /**
     * The file holding the token Hatch generated because none was configured, or empty when
     * tokens were configured. The file is readable by its owner only and is deleted on close.
     */
    public Optional<Path> generatedTokenFile() {
        return Optional.ofNullable(endpoint.generatedTokenFile());
    }

    /** The audit log file. */
    public Path auditFile() {
        return endpoint.auditFile();
    }

    /** The private directory heap dumps are written to before they are streamed. */
    public Path dumpDirectory() {
        return endpoint.dumpDirectory();
    }

    /** Stops the endpoint, closes the audit log and deletes the generated token file. Idempotent. */
    @Override
    public void close() {
        endpoint.close();
    }

    /** The Hatch version, e.g. {@code 0.1.0}. */
    public static String version() {
        Properties props = new Properties();
        try (InputStream in = Hatch.class.getResourceAsStream("hatch-version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return props.getProperty("version", "unknown");
    }

    /**
     * Collects the configuration of an endpoint. Every setting can also come from a properties
     * file ({@link #properties(Path)}); the keys are documented in the README's configuration
     * reference. Methods validate their argument at once; {@link #start()} validates the whole.
     */
    public static final class Builder {
        String host = "127.0.0.1";
        int port = 9070;
        final Map<String, TokenConfig> tokens = new LinkedHashMap<>();
        boolean replEnabled;
        final Set<String> publicRoutes = new LinkedHashSet<>();
        Path auditFile;
        Path dumpDir;
        final Map<String, HealthCheck> healthChecks = new LinkedHashMap<>();
        final Map<String, String> info = new LinkedHashMap<>();
        final Limits.Builder limits = Limits.builder();
        final List<String> sources = new ArrayList<>();
        dev.hatch.leaks.LeakSettings leaks = dev.hatch.leaks.LeakSettings.defaults();
        java.time.Duration heapDumpRetention = java.time.Duration.ofHours(24);
        long heapDumpQuota = -1;
        final Map<String, dev.hatch.triggers.TriggerSpec> triggers = new LinkedHashMap<>();

        Builder() {
        }

        /**
         * The address to bind. Default {@code 127.0.0.1}. A non-loopback address is refused
         * at start unless TLS is configured.
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host").trim();
            return this;
        }

        /** The port to listen on. Default 9070; 0 picks a free port (see {@link Hatch#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new ConfigException("hatch.port must be between 0 and 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Adds a bearer token.
         *
         * @param name the principal the audit log records for this token, e.g. {@code "oncall"}
         * @param spec where the token comes from: {@code sha256:<64 hex>} (SHA-256 of the token),
         *     {@code env:VARIABLE} or {@code file:/path}; a plain token is never accepted
         * @param scopes what the token may do; at least one
         */
        public Builder token(String name, String spec, Scope... scopes) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(spec, "spec");
            if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new ConfigException("token name '" + name + "' must be 1-64 letters, digits, '_' or '-'");
            }
            if (scopes.length == 0) {
                throw new ConfigException("token '" + name + "' needs at least one scope (hatch.token." + name + ".scopes)");
            }
            if (tokens.containsKey(name)) {
                throw new ConfigException("token '" + name + "' is configured twice");
            }
            EnumSet<Scope> set = EnumSet.noneOf(Scope.class);
            set.addAll(Arrays.asList(scopes));
            tokens.put(name, new TokenConfig(name, spec, set));
            return this;
        }

        /**
         * Enables the in-process Java REPL (full code execution for tokens with the {@code repl}
         * scope). Default {@code false}: the REPL routes do not exist.
         */
        public Builder replEnabled(boolean enabled) {
            this.replEnabled = enabled;
            return this;
        }

        /**
         * Routes served without credentials. Default none. Only {@code health} may be public;
         * an anonymous caller then sees the overall status but not the individual checks.
         */
        public Builder publicRoutes(String... routes) {
            for (String route : routes) {
                String r = route.trim();
                if (!r.isEmpty()) {
                    if (!Limits.PUBLIC_CAPABLE.contains(r)) {
                        throw new ConfigException("hatch.public: '" + r + "' cannot be served without credentials; only "
                                + String.join(", ", Limits.PUBLIC_CAPABLE) + " may be public");
                    }
                    publicRoutes.add(r);
                }
            }
            return this;
        }

        /** The JSON-lines audit log. Default: {@code audit-<pid>.jsonl} in Hatch's private directory under {@code java.io.tmpdir}. */
        public Builder auditFile(Path file) {
            this.auditFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** Where heap dumps are written before they are streamed. Default: a private (0700) directory under {@code java.io.tmpdir}. */
        public Builder dumpDirectory(Path dir) {
            this.dumpDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Registers a health check reported by {@code GET /ops/health}. */
        public Builder healthCheck(String name, HealthCheck check) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(check, "check");
            if (healthChecks.putIfAbsent(name, check) != null) {
                throw new ConfigException("health check '" + name + "' is registered twice");
            }
            return this;
        }

        /** Adds application build information shown by {@code GET /ops/info}, e.g. {@code info("version", "1.4.2")}. */
        public Builder info(String key, String value) {
            info.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Turns the leak detector on or off ({@code hatch.leaks.enabled}). Default {@code true}: it
         * starts in the background, listens to GC notifications and serves {@code GET /ops/leaks}.
         */
        public Builder leakDetection(boolean enabled) {
            return leaks(s -> new dev.hatch.leaks.LeakSettings(enabled, s.interval(), s.histograms(), s.histogramInterval(),
                    s.histogramBudgetPercent(), s.backstopPercent(), s.allocationSites()));
        }

        /**
         * How often the leak detector samples and judges ({@code hatch.leaks.interval}, 100ms to 10m).
         * Default 5s; the fast tier's window is 60 intervals, the slow tier's blocks 12 intervals.
         */
        public Builder leakInterval(java.time.Duration interval) {
            Objects.requireNonNull(interval, "interval");
            return leaks(s -> new dev.hatch.leaks.LeakSettings(s.enabled(), interval, s.histograms(), s.histogramInterval(),
                    s.histogramBudgetPercent(), s.backstopPercent(), s.allocationSites()));
        }

        /**
         * Whether the leak detector may take live class histograms, each a full GC, to confirm
         * growth and name the growing classes ({@code hatch.leaks.histograms}). Default {@code true}.
         */
        public Builder leakHistograms(boolean enabled) {
            return leaks(s -> new dev.hatch.leaks.LeakSettings(s.enabled(), s.interval(), enabled, s.histogramInterval(),
                    s.histogramBudgetPercent(), s.backstopPercent(), s.allocationSites()));
        }

        /**
         * The shortest time between two of the detector's histograms ({@code hatch.leaks.histogram-interval},
         * at least 1s). Default 5s.
         */
        public Builder leakHistogramInterval(java.time.Duration interval) {
            Objects.requireNonNull(interval, "interval");
            return leaks(s -> new dev.hatch.leaks.LeakSettings(s.enabled(), s.interval(), s.histograms(), interval,
                    s.histogramBudgetPercent(), s.backstopPercent(), s.allocationSites()));
        }

        /**
         * The largest share of time, in percent, the detector's histograms may pause the
         * application ({@code hatch.leaks.histogram-budget}, above 0 to 10). Default 1.
         */
        public Builder leakHistogramBudget(double percent) {
            return leaks(s -> new dev.hatch.leaks.LeakSettings(s.enabled(), s.interval(), s.histograms(), s.histogramInterval(),
                    percent, s.backstopPercent(), s.allocationSites()));
        }

        /**
         * Old-generation usage right after a full collection, in percent of its maximum, that makes
         * the leak verdict at least {@code suspected} whatever the trend ({@code hatch.leaks.backstop},
         * 50 to 100). Default 90.
         */
        public Builder leakBackstop(int percent) {
            return leaks(s -> new dev.hatch.leaks.LeakSettings(s.enabled(), s.interval(), s.histograms(), s.histogramInterval(),
                    s.histogramBudgetPercent(), percent, s.allocationSites()));
        }

        /**
         * Whether a suspected leak starts a JFR recording of old-object samples, so that the
         * suspects come with the places their objects were allocated ({@code hatch.leaks.allocation-sites}).
         * Default {@code true}; without the {@code jdk.jfr} module it does nothing.
         */
        public Builder leakAllocationSites(boolean enabled) {
            return leaks(s -> new dev.hatch.leaks.LeakSettings(s.enabled(), s.interval(), s.histograms(), s.histogramInterval(),
                    s.histogramBudgetPercent(), s.backstopPercent(), enabled));
        }

        private Builder leaks(java.util.function.UnaryOperator<dev.hatch.leaks.LeakSettings> change) {
            try {
                leaks = change.apply(leaks);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage(), e);
            }
            return this;
        }

        /**
         * How long stored heap dumps ({@code POST /ops/heapdumps} and triggers) are kept
         * ({@code hatch.heapdumps.retention}, at least 1m). Default 24h. Stored dumps survive a
         * restart; retention is what deletes them.
         */
        public Builder heapDumpRetention(java.time.Duration retention) {
            Objects.requireNonNull(retention, "retention");
            if (retention.toSeconds() < 60) {
                throw new ConfigException("hatch.heapdumps.retention must be at least 1m, was " + retention);
            }
            this.heapDumpRetention = retention;
            return this;
        }

        /**
         * The most disk stored heap dumps may use together ({@code hatch.heapdumps.quota}); a new
         * dump that would exceed it is refused. Default: twice the maximum heap size.
         */
        public Builder heapDumpQuota(long bytes) {
            if (bytes < (1L << 20)) {
                throw new ConfigException("hatch.heapdumps.quota must be at least 1m, was " + bytes + " bytes");
            }
            this.heapDumpQuota = bytes;
            return this;
        }

        /**
         * Arms a trigger at start ({@code hatch.trigger.NAME}), defined by the same JSON as
         * {@code PUT /ops/triggers/NAME}, e.g.
         * {@code trigger("near-oom", "{\"on\":\"old-gen\",\"percent\":85,\"cooldown\":\"15m\",\"maxCount\":3}")}.
         * Default: no triggers.
         */
        public Builder trigger(String name, String json) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(json, "json");
            try {
                triggers.put(name, dev.hatch.triggers.TriggerSpec.parse(name, json));
            } catch (dev.hatch.http.Problem e) {
                throw new ConfigException("hatch.trigger." + name + ": " + e.detail(), e);
            }
            return this;
        }

        /** Resource limits of the endpoint; see {@link Limits} for each default. */
        public Builder limits(java.util.function.Consumer<Limits.Builder> customizer) {
            customizer.accept(limits);
            return this;
        }

        /**
         * Applies every {@code hatch.*} key of the given properties. An unknown {@code hatch.*}
         * key or a malformed value throws a {@link ConfigException} naming the key; keys
         * outside {@code hatch.} are ignored, so the application's own file can be shared.
         */
        public Builder properties(Properties properties) {
            PropertiesLoader.apply(properties, this);
            return this;
        }

        /** Reads a properties file and applies it like {@link #properties(Properties)}. */
        public Builder properties(Path file) {
            Properties props = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            } catch (NoSuchFileException e) {
                throw new ConfigException("configuration file " + file + " does not exist", e);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("configuration file " + file + " cannot be read: " + e.getMessage(), e);
            }
            sources.add(file.toString());
            return properties(props);
        }

        /**
         * Validates the configuration and starts the endpoint.
         *
         * @throws ConfigException when the configuration is wrong (nothing is left running)
         * @throws java.io.UncheckedIOException when the port cannot be bound
         */
        public Hatch start() {
            return new Hatch(Endpoint.start(this));
        }
    }

    /** One configured token before it is resolved: the spec is turned into a hash at start. */
    record TokenConfig(String name, String spec, Set<Scope> scopes) {
    }
}
