package dev.hatch;

import dev.hatch.internal.config.Keys;
import dev.hatch.internal.config.PropertiesLoader;
import dev.hatch.internal.config.Settings;
import dev.hatch.internal.endpoint.DeferredStart;
import dev.hatch.internal.endpoint.Endpoint;
import dev.hatch.internal.repl.ReplConfig;
import dev.hatch.spi.Mounted;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
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

    private volatile Endpoint endpoint;
    private final DeferredStart deferred;

    private Hatch(Endpoint endpoint) {
        this.endpoint = endpoint;
        this.deferred = null;
    }

    private Hatch(DeferredStart deferred) {
        this.deferred = deferred;
    }

    /** The endpoint once built; null while a deferred start waits. */
    private Endpoint built() {
        Endpoint e = endpoint;
        if (e == null && deferred != null) {
            e = deferred.endpoint();
            endpoint = e;
        }
        return e;
    }

    /** A builder with secure defaults: loopback only, port 9070, REPL disabled. */
    public static Builder builder() {
        return new Builder();
    }

    /** The port the endpoint listens on; the chosen one when configured with port 0. */
    public int port() {
        Endpoint e = built();
        return e != null ? e.port() : deferred.port();
    }

    /** The address the endpoint is bound to, e.g. {@code 127.0.0.1}. */
    public String host() {
        Endpoint e = built();
        return e != null ? e.host() : deferred.prepared().host();
    }

    /** The base URL of the API, e.g. {@code http://127.0.0.1:9070/ops}. */
    public URI url() {
        Endpoint e = built();
        return e != null ? e.url() : deferred.prepared().url(deferred.port());
    }

    /**
     * The file holding the token Hatch generated because none was configured, or empty when
     * tokens were configured. The file is readable by its owner only and is deleted on close.
     */
    public Optional<Path> generatedTokenFile() {
        Endpoint e = built();
        return Optional.ofNullable(e != null ? e.generatedTokenFile() : deferred.prepared().generatedTokenFile());
    }

    /** The audit log file. */
    public Path auditFile() {
        Endpoint e = built();
        return e != null ? e.auditFile() : deferred.auditFile();
    }

    /** The private directory heap dumps are written to before they are streamed. */
    public Path dumpDirectory() {
        Endpoint e = built();
        return e != null ? e.dumpDirectory() : deferred.dumpDirectory();
    }

    /**
     * Whether the server and its background work are built: at once unless {@code
     * hatch.start.delay} deferred them, then at the first connection or when the delay ends.
     */
    public boolean started() {
        return built() != null;
    }

    /** Stops the endpoint, closes the audit log and deletes the generated token file. Idempotent. */
    @Override
    public void close() {
        if (deferred != null) {
            deferred.close();
        }
        Endpoint e = built();
        if (e != null) {
            e.close();
        }
    }

    /** The running endpoint, for tests in this package (waits for a deferred start to build it). */
    Endpoint endpoint() {
        return deferred != null ? deferred.awaitBuilt() : endpoint;
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
        private final Settings s = new Settings();

        /** What this builder has collected; for the endpoint and for tests in this package. */
        Settings settings() {
            return s;
        }

        Builder() {
            s.limitsBuilder = new Limits.Builder(s.limits);
            s.tlsBuilder = new Tls.Builder(s.tls);
        }

        /**
         * The address to bind. Default {@code 127.0.0.1}. A non-loopback address is refused
         * at start unless TLS is configured.
         */
        public Builder host(String host) {
            s.host = Objects.requireNonNull(host, "host").trim();
            return this;
        }

        /** The port to listen on. Default 9070; 0 picks a free port (see {@link Hatch#port()}). */
        public Builder port(int port) {
            s.port = Keys.PORT.check(port);
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
            if (!isTokenName(name)) {
                throw new ConfigException("token name '" + name + "' must be 1-64 letters, digits, '_' or '-'");
            }
            if (scopes.length == 0) {
                throw new ConfigException("token '" + name + "' needs at least one scope (hatch.token." + name + ".scopes)");
            }
            if (s.tokens.containsKey(name)) {
                throw new ConfigException("token '" + name + "' is configured twice");
            }
            EnumSet<Scope> set = EnumSet.noneOf(Scope.class);
            set.addAll(Arrays.asList(scopes));
            s.tokens.put(name, new Settings.TokenConfig(name, spec, set));
            return this;
        }

        /** 1-64 letters, digits, '_' or '-' (by hand: no java.util.regex on the agent's light start). */
        private static boolean isTokenName(String name) {
            if (name.isEmpty() || name.length() > 64) {
                return false;
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Enables the in-process Java REPL: full code execution, inside this JVM, for tokens with
         * the {@code repl} scope. Default {@code false}: the REPL routes answer 403. Needs a JDK
         * (the {@code jdk.jshell} and {@code jdk.compiler} modules); without them they answer 501.
         */
        public Builder replEnabled(boolean enabled) {
            s.replEnabled = enabled;
            return this;
        }

        /**
         * The time limit of one REPL evaluation; a snippet still running then is stopped and
         * reported as an error, and the session stays usable. Default 5s; between 10ms and 1h.
         */
        public Builder replTimeout(Duration timeout) {
            s.replTimeout = Keys.REPL_TIMEOUT.check(Objects.requireNonNull(timeout, "timeout"));
            return this;
        }

        /** How many REPL sessions may be open at once; one more gets 409. Default 4; between 1 and 64. */
        public Builder replMaxSessions(int sessions) {
            s.replMaxSessions = Keys.REPL_MAX_SESSIONS.check(sessions);
            return this;
        }

        /** A REPL session unused this long is closed. Default 10m; between 100ms and 24h. */
        public Builder replIdleTimeout(Duration timeout) {
            s.replIdleTimeout = Keys.REPL_IDLE_TIMEOUT.check(Objects.requireNonNull(timeout, "timeout"));
            return this;
        }

        /**
         * The most bytes of {@code System.out}, of {@code System.err} and of the value returned for
         * one REPL evaluation; the rest is cut with a marker. Default 65536; between 1024 and 16 MiB.
         */
        public Builder replOutputBytes(int bytes) {
            s.replOutputBytes = Keys.REPL_OUTPUT_BYTES.check((long) bytes).intValue();
            return this;
        }

        /**
         * The class loader whose classes REPL snippets see (the parent of the snippets' loader;
         * the compiler also gets the locations of its {@code URLClassLoader} chain). Default: the
         * context class loader of the thread that calls {@link #start()}, else the loader of Hatch.
         */
        public Builder replClassLoader(ClassLoader loader) {
            s.replClassLoader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /**
         * Names an object for REPL snippets: each session starts with a variable {@code name}
         * holding {@code value}, declared with the value's class when snippets can name it, else
         * its most specific public interface or superclass, else {@code Object}. Default none.
         *
         * @param name a Java identifier, e.g. {@code "orders"}
         */
        public Builder bind(String name, Object value) {
            Objects.requireNonNull(value, "value");
            if (!ReplConfig.validBindingName(name)) {
                throw new ConfigException("REPL binding name '" + name + "' must be a Java identifier (not a keyword,"
                        + " not starting with $)");
            }
            if (s.bindings.putIfAbsent(name, value) != null) {
                throw new ConfigException("REPL binding '" + name + "' is bound twice");
            }
            return this;
        }

        /** The REPL settings; the default class loader is the calling thread's context loader, else Hatch's. */

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
                    s.publicRoutes.add(r);
                }
            }
            return this;
        }

        /** The JSON-lines audit log. Default: {@code audit-<pid>.jsonl} in Hatch's private directory under {@code java.io.tmpdir}. */
        public Builder auditFile(Path file) {
            s.auditFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * The key of the audit chain's HMAC-SHA256 ({@code hatch.audit.key}): {@code env:VARIABLE}
         * or {@code file:/path} (whitespace around a file's content is ignored), at least 16
         * bytes, e.g. {@code openssl rand -base64 32}. Default: none, and the chain is plain
         * SHA-256, which shows accidental damage but not edits by someone who can write the file.
         */
        public Builder auditKey(String spec) {
            s.auditKey = Objects.requireNonNull(spec, "spec");
            return this;
        }

        /**
         * What happens to a request whose audit record cannot be written, e.g. on a full disk
         * ({@code hatch.audit.on-failure}): {@code refuse} (503 before the handler runs) or
         * {@code continue} (served; the failure is logged and counted), for every scope. Default:
         * {@code refuse} for the dump, operate, admin and repl scopes, {@code continue} for monitor.
         */
        public Builder auditOnFailure(String policy) {
            String p = Keys.AUDIT_ON_FAILURE.check(Objects.requireNonNull(policy, "policy").trim().toLowerCase(java.util.Locale.ROOT));
            s.auditRefuseScopes = p.equals("refuse") ? Set.of(Scope.values()) : Set.of();
            return this;
        }

        /** Where heap dumps are written before they are streamed. Default: a private (0700) directory under {@code java.io.tmpdir}. */
        public Builder dumpDirectory(Path dir) {
            s.dumpDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Registers a health check reported by {@code GET /ops/health}. */
        public Builder healthCheck(String name, HealthCheck check) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(check, "check");
            if (s.healthChecks.putIfAbsent(name, check) != null) {
                throw new ConfigException("health check '" + name + "' is registered twice");
            }
            return this;
        }

        /** Adds application build information shown by {@code GET /ops/info}, e.g. {@code info("version", "1.4.2")}. */
        public Builder info(String key, String value) {
            s.info.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Keeps a continuous JFR recording so that {@code GET /ops/jfr?last=N} can hand out the
         * last minutes. Default {@code false}. It starts in the background after the endpoint
         * (the first recording costs about a second) and costs about 1% CPU with the JDK's
         * {@code default} settings.
         */
        public Builder jfrContinuous(boolean enabled) {
            s.jfrContinuous = enabled;
            return this;
        }

        /** How far back the continuous recording reaches. Default 15 minutes; between 10 seconds and 24 hours. */
        public Builder jfrMaxAge(java.time.Duration maxAge) {
            s.jfrMaxAge = Keys.JFR_MAX_AGE.check(Objects.requireNonNull(maxAge, "maxAge"));
            return this;
        }

        /** Disk space the continuous recording may keep. Default 64 MB; between 1 MB and 16 GB. */
        public Builder jfrMaxSize(long bytes) {
            s.jfrMaxSize = Keys.JFR_MAX_SIZE.check(bytes);
            return this;
        }

        /**
         * The JDK's JFR settings for the continuous recording: {@code default} (about 1% overhead)
         * or {@code profile} (more detail, about 2%). Default {@code default}.
         */
        public Builder jfrSettings(String settings) {
            s.jfrSettings = Keys.JFR_SETTINGS.check(Objects.requireNonNull(settings, "settings"));
            return this;
        }

        /**
         * Turns the leak detector on or off ({@code hatch.leaks.enabled}). Default {@code true}: it
         * starts in the background, listens to GC notifications and serves {@code GET /ops/leaks}.
         */
        public Builder leakDetection(boolean enabled) {
            return leaks(s -> new dev.hatch.internal.leaks.LeakSettings(enabled, s.interval(), s.histograms(), s.histogramInterval(),
                    s.histogramBudgetPercent(), s.backstopPercent(), s.allocationSites(), s.sampleInterval()));
        }

        /**
         * How often the leak detector samples and judges ({@code hatch.leaks.interval}, 100ms to 10m).
         * Default 5s; the fast tier's window is 60 intervals, the slow tier's blocks 12 intervals.
         */
        public Builder leakInterval(java.time.Duration interval) {
            Objects.requireNonNull(interval, "interval");
            return leaks(s -> new dev.hatch.internal.leaks.LeakSettings(s.enabled(), interval, s.histograms(), s.histogramInterval(),
                    s.histogramBudgetPercent(), s.backstopPercent(), s.allocationSites(), s.sampleInterval()));
        }

        /**
         * Whether the leak detector may take live class histograms, each a full GC, to confirm
         * growth and name the growing classes ({@code hatch.leaks.histograms}). Default {@code true}.
         */
        public Builder leakHistograms(boolean enabled) {
            return leaks(s -> new dev.hatch.internal.leaks.LeakSettings(s.enabled(), s.interval(), enabled, s.histogramInterval(),
                    s.histogramBudgetPercent(), s.backstopPercent(), s.allocationSites(), s.sampleInterval()));
        }

        /**
         * The shortest time between two of the detector's histograms ({@code hatch.leaks.histogram-interval},
         * at least 1s). Default 5s.
         */
        public Builder leakHistogramInterval(java.time.Duration interval) {
            Objects.requireNonNull(interval, "interval");
            return leaks(s -> new dev.hatch.internal.leaks.LeakSettings(s.enabled(), s.interval(), s.histograms(), interval,
                    s.histogramBudgetPercent(), s.backstopPercent(), s.allocationSites(), s.sampleInterval()));
        }

        /**
         * The largest share of time, in percent, the detector's histograms may pause the
         * application ({@code hatch.leaks.histogram-budget}, above 0 to 10). Default 1.
         */
        public Builder leakHistogramBudget(double percent) {
            return leaks(s -> new dev.hatch.internal.leaks.LeakSettings(s.enabled(), s.interval(), s.histograms(), s.histogramInterval(),
                    percent, s.backstopPercent(), s.allocationSites(), s.sampleInterval()));
        }

        /**
         * Old-generation usage right after a full collection, in percent of its maximum, that makes
         * the leak verdict at least {@code suspected} whatever the trend ({@code hatch.leaks.backstop},
         * 50 to 100). Default 90.
         */
        public Builder leakBackstop(int percent) {
            return leaks(s -> new dev.hatch.internal.leaks.LeakSettings(s.enabled(), s.interval(), s.histograms(), s.histogramInterval(),
                    s.histogramBudgetPercent(), percent, s.allocationSites(), s.sampleInterval()));
        }

        /**
         * Whether a suspected leak starts a JFR recording of old-object samples, so that the
         * suspects come with the places their objects were allocated ({@code hatch.leaks.allocation-sites}).
         * Default {@code true}; without the {@code jdk.jfr} module it does nothing.
         */
        public Builder leakAllocationSites(boolean enabled) {
            return leaks(s -> new dev.hatch.internal.leaks.LeakSettings(s.enabled(), s.interval(), s.histograms(), s.histogramInterval(),
                    s.histogramBudgetPercent(), s.backstopPercent(), enabled, s.sampleInterval()));
        }

        /**
         * When no garbage collection was recorded for this long, the leak detector reads the heap's
         * usage on its timer, without forcing a collection ({@code hatch.leaks.sample-interval}, 1s
         * to 1h), so that a quiet program that runs no collection is watched too. Default 60s.
         */
        public Builder leakSampleInterval(java.time.Duration interval) {
            Objects.requireNonNull(interval, "interval");
            return leaks(s -> s.withSampleInterval(interval));
        }

        private Builder leaks(java.util.function.UnaryOperator<dev.hatch.internal.leaks.LeakSettings> change) {
            try {
                s.leaks = change.apply(s.leaks);
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
            s.heapDumpRetention = Keys.HEAPDUMPS_RETENTION.check(Objects.requireNonNull(retention, "retention"));
            return this;
        }

        /**
         * The most disk stored heap dumps may use together ({@code hatch.heapdumps.quota}); a new
         * dump that would exceed it is refused. Default: twice the maximum heap size.
         */
        public Builder heapDumpQuota(long bytes) {
            s.heapDumpQuota = Keys.HEAPDUMPS_QUOTA.check(bytes);
            return this;
        }

        /**
         * Where the cgroup file system is mounted ({@code hatch.container.cgroup-root}). Default
         * {@code /sys/fs/cgroup}. {@code GET /ops/memory/container}, the native-memory trend and
         * container triggers read the process's memory cgroup under it; when the path that
         * {@code /proc/self/cgroup} names is not a directory there, the root itself is read (what
         * a container with its own cgroup namespace shows).
         */
        public Builder containerCgroupRoot(Path root) {
            s.cgroupRoot = Objects.requireNonNull(root, "root");
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
                s.triggers.put(name, dev.hatch.internal.triggers.TriggerSpec.parse(name, json));
            } catch (dev.hatch.internal.http.Problem e) {
                throw new ConfigException("hatch.trigger." + name + ": " + e.detail(), e);
            }
            return this;
        }


        /** Resource limits of the endpoint; see {@link Limits} for each default. */
        public Builder limits(java.util.function.Consumer<Limits.Builder> customizer) {
            customizer.accept(s.limitsBuilder);
            return this;
        }

        /**
         * TLS and mutual TLS; see {@link Tls} for the keys. Default: no TLS, which restricts
         * {@link #host(String)} to loopback addresses.
         */
        public Builder tls(java.util.function.Consumer<Tls.Builder> customizer) {
            customizer.accept(s.tlsBuilder);
            return this;
        }

        /**
         * Extra words that mark a key as secret, on top of the built-in ones (password, secret,
         * token, key, credential, auth, private, cookie, session, signature, cert ...). A system
         * property, environment variable or argument whose name contains one is shown masked by
         * {@code /ops/env}, {@code /ops/info} and the audit log ({@code hatch.mask.keys}, a comma
         * list; default none). Matching ignores case.
         */
        public Builder maskKeys(String... words) {
            for (String word : words) {
                String w = Objects.requireNonNull(word, "word").trim();
                if (!w.isEmpty()) {
                    s.maskKeys.add(w);
                }
            }
            return this;
        }

        /** Registers one of the application's maintenance commands; see {@link Command}. Names must be unique. */
        public Builder command(Command command) {
            Objects.requireNonNull(command, "command");
            if (s.commands.putIfAbsent(command.name(), command) != null) {
                throw new ConfigException("command '" + command.name() + "' is registered twice");
            }
            return this;
        }

        /**
         * The most virtual threads {@code GET /ops/threads} lists with their stacks (JDK 21+);
         * all are counted. 0 lists none. Default 1000 ({@code hatch.threads.virtual.limit}).
         */
        public Builder virtualThreadLimit(int limit) {
            s.virtualThreadLimit = Keys.THREADS_VIRTUAL_LIMIT.check(limit);
            return this;
        }

        /**
         * How long {@code GET /ops/threads} waits for the JVM's dump of virtual threads before it
         * answers with the platform threads alone. Default 20s ({@code hatch.threads.virtual.timeout}); the
         * JVM needs several seconds for 100,000 virtual threads.
         */
        public Builder virtualThreadDumpTimeout(Duration timeout) {
            s.virtualThreadDumpTimeout = Keys.THREADS_VIRTUAL_TIMEOUT.check(Objects.requireNonNull(timeout, "timeout"));
            return this;
        }

        /**
         * Applies every {@code hatch.*} key of the given properties. An unknown {@code hatch.*}
         * key or a malformed value throws a {@link ConfigException} naming the key; keys
         * outside {@code hatch.} are ignored, so the application's own file can be shared.
         */
        public Builder properties(Properties properties) {
            PropertiesLoader.apply(properties, this, s);
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
            s.sources.add(file.toString());
            return properties(props);
        }

        /**
         * Validates the configuration and starts the endpoint.
         *
         * @throws ConfigException when the configuration is wrong (nothing is left running)
         * @throws java.io.UncheckedIOException when the port cannot be bound
         */
        public Hatch start() {
            if (s.startDelay.isZero() || !s.triggers.isEmpty()) {
                return new Hatch(Endpoint.start(s));
            }
            return new Hatch(DeferredStart.begin(s));
        }

        /**
         * Starts light ({@code hatch.start.delay}): binds the port and writes the generated token's
         * file at once, and builds the server and its background work (leak detector, JFR
         * recording, console, metrics) on a daemon thread at the first connection, or after this
         * long, whichever comes first; a client that connects meanwhile waits for the build (well
         * under a second). Default 0: everything at once. The agent defaults to 30 s. Ignored while
         * triggers are configured, which must watch from the start.
         */
        public Builder startDelay(Duration delay) {
            s.startDelay = Keys.START_DELAY.check(Objects.requireNonNull(delay, "delay"));
            return this;
        }

        /**
         * Builds the endpoint without a server of its own, for an adapter that mounts it in the
         * application's server (see {@code hatch-servlet}). Host and port are ignored; everything
         * else — tokens, scopes, audit, limits — applies as with {@link #start()}.
         *
         * @throws ConfigException when the configuration is wrong
         */
        public Mounted mount() {
            return Endpoint.create(s, false).mounted();
        }
    }

}
