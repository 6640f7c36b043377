package dev.hatch.internal.config;

import dev.hatch.ConfigException;
import dev.hatch.Hatch;
import dev.hatch.Scope;
import dev.hatch.Tls;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns {@code hatch.*} properties into builder calls. Unknown keys and malformed values fail
 * with the key's name: a typo must never silently leave a default in place.
 */
public final class PropertiesLoader {

    private static final Pattern TRIGGER_KEY = Pattern.compile("hatch\\.trigger\\.([^.]+)");
    private static final Pattern TOKEN_KEY = Pattern.compile("hatch\\.token\\.([^.]+)(\\.scopes)?");
    private static final Pattern MTLS_KEY = Pattern.compile("hatch\\.mtls\\.principal\\.([^.]+)(\\.scopes)?");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,9})\\s*(B|K|KB|M|MB|G|GB)?");
    private static final Map<String, Setter> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("hatch.host", (b, s, v) -> b.host(v.text()));
        KEYS.put("hatch.port", (b, s, v) -> b.port(v.integer(0, 65535)));
        KEYS.put("hatch.repl.enabled", (b, s, v) -> b.replEnabled(v.bool()));
        KEYS.put("hatch.repl.timeout", (b, s, v) -> b.replTimeout(v.duration()));
        KEYS.put("hatch.repl.max-sessions", (b, s, v) -> b.replMaxSessions(v.integer(1, 64)));
        KEYS.put("hatch.repl.idle-timeout", (b, s, v) -> b.replIdleTimeout(v.duration()));
        KEYS.put("hatch.repl.output-bytes", (b, s, v) -> b.replOutputBytes(v.integer(1024, 16 << 20)));
        KEYS.put("hatch.public", (b, s, v) -> b.publicRoutes(v.raw.split(",")));
        KEYS.put("hatch.audit.file", (b, s, v) -> b.auditFile(v.path()));
        KEYS.put("hatch.audit.key", (b, s, v) -> b.auditKey(v.text()));
        KEYS.put("hatch.audit.on-failure", (b, s, v) -> b.auditOnFailure(v.text()));
        KEYS.put("hatch.dump.dir", (b, s, v) -> b.dumpDirectory(v.path()));
        KEYS.put("hatch.leaks.enabled", (b, s, v) -> b.leakDetection(v.bool()));
        KEYS.put("hatch.leaks.interval", (b, s, v) -> b.leakInterval(v.duration()));
        KEYS.put("hatch.leaks.histograms", (b, s, v) -> b.leakHistograms(v.bool()));
        KEYS.put("hatch.leaks.histogram-interval", (b, s, v) -> b.leakHistogramInterval(v.duration()));
        KEYS.put("hatch.leaks.histogram-budget", (b, s, v) -> b.leakHistogramBudget(v.decimal()));
        KEYS.put("hatch.leaks.backstop", (b, s, v) -> b.leakBackstop(v.integer(50, 100)));
        KEYS.put("hatch.leaks.allocation-sites", (b, s, v) -> b.leakAllocationSites(v.bool()));
        KEYS.put("hatch.leaks.sample-interval", (b, s, v) -> b.leakSampleInterval(v.duration()));
        KEYS.put("hatch.heapdumps.retention", (b, s, v) -> b.heapDumpRetention(v.duration()));
        KEYS.put("hatch.heapdumps.quota", (b, s, v) -> b.heapDumpQuota(v.bytes()));
        KEYS.put("hatch.limits.threads", (b, s, v) -> s.limitsBuilder.maxThreads(v.integer(1, 256)));
        KEYS.put("hatch.limits.queue", (b, s, v) -> s.limitsBuilder.maxQueuedRequests(v.integer(0, 1024)));
        KEYS.put("hatch.limits.threads-per-principal", (b, s, v) -> s.limitsBuilder.maxThreadsPerPrincipal(v.integer(1, 256)));
        KEYS.put("hatch.limits.reserved-threads", (b, s, v) -> s.limitsBuilder.reservedThreads(v.integer(0, 255)));
        KEYS.put("hatch.limits.min-body-rate", (b, s, v) -> s.limitsBuilder.minDataRates(v.bytes(0, 1L << 30), s.limits.minResponseRate,
                s.limits.minRateGrace));
        KEYS.put("hatch.limits.min-response-rate", (b, s, v) -> s.limitsBuilder.minDataRates(s.limits.minBodyRate, v.bytes(0, 1L << 30),
                s.limits.minRateGrace));
        KEYS.put("hatch.limits.min-rate-grace", (b, s, v) -> s.limitsBuilder.minDataRates(s.limits.minBodyRate, s.limits.minResponseRate,
                v.duration()));
        KEYS.put("hatch.limits.connections", (b, s, v) -> s.limitsBuilder.maxConnections(v.integer(2, 100_000)));
        KEYS.put("hatch.limits.connections-per-address", (b, s, v) -> s.limitsBuilder.maxConnectionsPerAddress(v.integer(1, 100_000)));
        KEYS.put("hatch.limits.head-timeout", (b, s, v) -> s.limitsBuilder.headTimeout(v.duration()));
        KEYS.put("hatch.limits.keep-alive-timeout", (b, s, v) -> s.limitsBuilder.keepAliveTimeout(v.duration()));
        KEYS.put("hatch.limits.idle-timeout", (b, s, v) -> s.limitsBuilder.idleTimeout(v.duration()));
        KEYS.put("hatch.limits.header-bytes", (b, s, v) -> s.limitsBuilder.maxHeaderBytes(v.integer(1024, 1 << 20)));
        KEYS.put("hatch.limits.url-length", (b, s, v) -> s.limitsBuilder.maxUrlLength(v.integer(256, 1 << 16)));
        KEYS.put("hatch.limits.query-params", (b, s, v) -> s.limitsBuilder.maxQueryParameters(v.integer(1, 256)));
        KEYS.put("hatch.limits.body-bytes", (b, s, v) -> s.limitsBuilder.maxBodyBytes((int) v.bytes(1024, 64 << 20)));
        KEYS.put("hatch.limits.rate", (b, s, v) -> s.limitsBuilder.rate(v.integer(1, 1_000_000), s.limits.burst));
        KEYS.put("hatch.limits.burst", (b, s, v) -> s.limitsBuilder.rate(s.limits.rate, v.integer(1, 1_000_000)));
        KEYS.put("hatch.limits.anonymous-rate", (b, s, v) -> s.limitsBuilder.anonymousRate(v.integer(1, 1_000_000), s.limits.anonymousBurst));
        KEYS.put("hatch.limits.anonymous-burst", (b, s, v) -> s.limitsBuilder.anonymousRate(s.limits.anonymousRate, v.integer(1, 1_000_000)));
        KEYS.put("hatch.limits.lockout-failures", (b, s, v) -> s.limitsBuilder.lockout(v.integer(1, 1_000_000), s.limits.lockoutBase, s.limits.lockoutMax));
        KEYS.put("hatch.limits.lockout-base", (b, s, v) -> s.limitsBuilder.lockout(s.limits.lockoutFailures, v.duration(), s.limits.lockoutMax));
        KEYS.put("hatch.limits.lockout-max", (b, s, v) -> s.limitsBuilder.lockout(s.limits.lockoutFailures, s.limits.lockoutBase, v.duration()));
        KEYS.put("hatch.limits.ipv6-prefix", (b, s, v) -> s.limitsBuilder.ipv6Prefix(v.integer(16, 128)));
        KEYS.put("hatch.histogram.cooldown", (b, s, v) -> s.limitsBuilder.histogramCooldown(v.duration()));
        KEYS.put("hatch.dump.cooldown", (b, s, v) -> s.limitsBuilder.dumpCooldown(v.duration()));
        KEYS.put("hatch.dump.reserve", (b, s, v) -> s.limitsBuilder.dumpReserveBytes(v.bytes()));
        KEYS.put("hatch.audit.max-bytes", (b, s, v) -> s.limitsBuilder.auditRotation(v.bytes(4096, 1L << 40), s.limits.auditFiles));
        KEYS.put("hatch.audit.files", (b, s, v) -> s.limitsBuilder.auditRotation(s.limits.auditMaxBytes, v.integer(1, 1000)));
        KEYS.put("hatch.audit.summary-after", (b, s, v) -> s.limitsBuilder.auditSummary(v.integer(0, 1_000_000), s.limits.auditSummaryInterval));
        KEYS.put("hatch.audit.summary-interval", (b, s, v) -> s.limitsBuilder.auditSummary(s.limits.auditSummaryAfter, v.duration()));
        KEYS.put("hatch.health.timeout", (b, s, v) -> s.limitsBuilder.healthTimeout(v.duration()));
        KEYS.put("hatch.tls.keystore", (b, s, v) -> s.tls.keyStore = v.path());
        KEYS.put("hatch.tls.keystore-password", (b, s, v) -> s.tls.keyStorePassword = v.text());
        KEYS.put("hatch.tls.cert", (b, s, v) -> s.tls.certificateChain = v.path());
        KEYS.put("hatch.tls.key", (b, s, v) -> s.tls.privateKey = v.path());
        KEYS.put("hatch.tls.client-ca", (b, s, v) -> s.tlsBuilder.clientCa(v.path()));
        KEYS.put("hatch.tls.client-auth", (b, s, v) -> s.tlsBuilder.clientAuth(Tls.ClientAuth.parse(v.raw)));
        KEYS.put("hatch.jfr.continuous", (b, s, v) -> b.jfrContinuous(v.bool()));
        KEYS.put("hatch.jfr.max-age", (b, s, v) -> b.jfrMaxAge(v.duration()));
        KEYS.put("hatch.jfr.max-size", (b, s, v) -> b.jfrMaxSize(v.bytes()));
        KEYS.put("hatch.jfr.settings", (b, s, v) -> b.jfrSettings(v.text()));
        KEYS.put("hatch.mask.keys", (b, s, v) -> b.maskKeys(v.raw.split(",")));
        KEYS.put("hatch.threads.virtual.limit", (b, s, v) -> b.virtualThreadLimit(v.integer(0, 100_000)));
        KEYS.put("hatch.threads.virtual.timeout", (b, s, v) -> b.virtualThreadDumpTimeout(v.duration()));
    }

    private PropertiesLoader() {
    }

    /** The keys a properties file may hold besides {@code hatch.token.NAME[.scopes]}. */
    public static List<String> knownKeys() {
        return new ArrayList<>(KEYS.keySet());
    }

    /** Applies every {@code hatch.*} key: through the builder's checks where it has one, else to the settings. */
    public static void apply(Properties properties, Hatch.Builder builder, Settings settings) {
        Map<String, String> tokenSpecs = new LinkedHashMap<>();
        Map<String, String> tokenScopes = new LinkedHashMap<>();
        Map<String, String> certMatches = new LinkedHashMap<>();
        Map<String, String> certScopes = new LinkedHashMap<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!key.startsWith("hatch.")) {
                continue;
            }
            String raw = properties.getProperty(key).trim();
            Matcher trigger = TRIGGER_KEY.matcher(key);
            if (trigger.matches()) {
                builder.trigger(trigger.group(1), raw);
                continue;
            }
            Matcher token = TOKEN_KEY.matcher(key);
            if (token.matches()) {
                (token.group(2) == null ? tokenSpecs : tokenScopes).put(token.group(1), raw);
                continue;
            }
            Matcher mtls = MTLS_KEY.matcher(key);
            if (mtls.matches()) {
                (mtls.group(2) == null ? certMatches : certScopes).put(mtls.group(1), raw);
                continue;
            }
            Setter setter = KEYS.get(key);
            if (setter == null) {
                throw new ConfigException("unknown configuration key '" + key + "'" + suggestion(key));
            }
            try {
                setter.set(builder, settings, new Value(key, raw));
            } catch (ConfigException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ConfigException(key + ": " + e.getMessage(), e);
            }
        }
        pairs("hatch.token.", tokenSpecs, tokenScopes, "the token",
                (name, spec, scopes) -> builder.token(name, spec, scopes));
        pairs("hatch.mtls.principal.", certMatches, certScopes, "the certificate subject or SAN",
                (name, match, scopes) -> settings.tlsBuilder.principal(name, match, scopes));
    }

    /** Joins {@code PREFIX.NAME} and {@code PREFIX.NAME.scopes} keys; each needs the other. */
    private static void pairs(String prefix, Map<String, String> values, Map<String, String> scopes, String what,
                              PairSetter setter) {
        for (String name : scopes.keySet()) {
            if (!values.containsKey(name)) {
                throw new ConfigException(prefix + name + ".scopes is set but " + prefix + name + " (" + what + ") is missing");
            }
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            String name = e.getKey();
            String scopesKey = prefix + name + ".scopes";
            String list = scopes.get(name);
            if (list == null || list.isBlank()) {
                throw new ConfigException(scopesKey + " is missing: list what '" + name + "' may do, e.g. monitor,dump");
            }
            List<Scope> parsed = new ArrayList<>();
            for (String s : list.split(",")) {
                if (!s.isBlank()) {
                    try {
                        parsed.add(Scope.parse(s));
                    } catch (IllegalArgumentException ex) {
                        throw new ConfigException(scopesKey + ": " + ex.getMessage(), ex);
                    }
                }
            }
            setter.set(name, e.getValue(), parsed.toArray(new Scope[0]));
        }
    }

    /** Applies one key's value. */
    @FunctionalInterface
    private interface Setter {
        void set(Hatch.Builder b, Settings s, Value v);
    }

    @FunctionalInterface
    private interface PairSetter {
        void set(String name, String value, Scope[] scopes);
    }

    private static String suggestion(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : KEYS.keySet()) {
            int d = dev.hatch.internal.http.RouteHints.distance(key, known, 3);
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        return bestDistance <= 3 ? " (did you mean '" + best + "'?)" : "";
    }

    /** A raw property value with parsers that name the key when the value is malformed. */
    record Value(String key, String raw) {
        String text() {
            if (raw.isEmpty()) {
                throw new ConfigException(key + " is empty");
            }
            return raw;
        }

        int integer(int min, int max) {
            try {
                int v = Integer.parseInt(raw);
                if (v < min || v > max) {
                    throw new ConfigException(key + " must be between " + min + " and " + max + ", was " + raw);
                }
                return v;
            } catch (NumberFormatException e) {
                throw new ConfigException(key + " must be a whole number, was '" + raw + "'", e);
            }
        }

        boolean bool() {
            return switch (raw.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new ConfigException(key + " must be true or false, was '" + raw + "'");
            };
        }

        /** A size as {@link #bytes()} reads it, within bounds. */
        long bytes(long min, long max) {
            long v = bytes();
            if (v < min || v > max) {
                throw new ConfigException(key + " must be between " + min + " and " + max + " bytes, was " + raw);
            }
            return v;
        }

        Path path() {
            try {
                return Path.of(text());
            } catch (java.nio.file.InvalidPathException e) {
                throw new ConfigException(key + " is not a valid path: " + e.getMessage(), e);
            }
        }

        double decimal() {
            try {
                return Double.parseDouble(raw);
            } catch (NumberFormatException e) {
                throw new ConfigException(key + " must be a number such as 0.5, was '" + raw + "'", e);
            }
        }

        /** A size such as {@code 64MB}, {@code 512KB}, {@code 1GB} (powers of 1024) or plain bytes. */
        long bytes() {
            Matcher m = SIZE.matcher(raw.toUpperCase(Locale.ROOT));
            if (!m.matches()) {
                throw new ConfigException(key + " must be a size such as 64MB, 512KB or 1GB, was '" + raw + "'");
            }
            int shift = switch (m.group(2) == null ? "B" : m.group(2)) {
                case "K", "KB" -> 10;
                case "M", "MB" -> 20;
                case "G", "GB" -> 30;
                default -> 0;
            };
            return Long.parseLong(m.group(1)) << shift;
        }

        Duration duration() {
            try {
                return Durations.parse(raw);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new ConfigException(key + " must be a duration such as 500ms, 30s, 5m or PT30S, was '" + raw + "'", e);
            }
        }
    }
}
