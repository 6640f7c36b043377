package dev.hatch;

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
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns {@code hatch.*} properties into builder calls. Unknown keys and malformed values fail
 * with the key's name: a typo must never silently leave a default in place.
 */
final class PropertiesLoader {

    private static final Pattern TRIGGER_KEY = Pattern.compile("hatch\\.trigger\\.([^.]+)");
    private static final Pattern TOKEN_KEY = Pattern.compile("hatch\\.token\\.([^.]+)(\\.scopes)?");
    private static final Pattern MTLS_KEY = Pattern.compile("hatch\\.mtls\\.principal\\.([^.]+)(\\.scopes)?");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,9})\\s*(B|K|KB|M|MB|G|GB)?");
    private static final Map<String, BiConsumer<Hatch.Builder, Value>> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("hatch.host", (b, v) -> b.host(v.text()));
        KEYS.put("hatch.port", (b, v) -> b.port(v.integer(0, 65535)));
        KEYS.put("hatch.repl.enabled", (b, v) -> b.replEnabled(v.bool()));
        KEYS.put("hatch.repl.timeout", (b, v) -> b.replTimeout(v.duration()));
        KEYS.put("hatch.repl.max-sessions", (b, v) -> b.replMaxSessions(v.integer(1, 64)));
        KEYS.put("hatch.repl.idle-timeout", (b, v) -> b.replIdleTimeout(v.duration()));
        KEYS.put("hatch.repl.output-bytes", (b, v) -> b.replOutputBytes(v.integer(1024, 16 << 20)));
        KEYS.put("hatch.public", (b, v) -> b.publicRoutes(v.raw.split(",")));
        KEYS.put("hatch.audit.file", (b, v) -> b.auditFile(v.path()));
        KEYS.put("hatch.audit.key", (b, v) -> b.auditKey(v.text()));
        KEYS.put("hatch.audit.on-failure", (b, v) -> b.auditOnFailure(v.text()));
        KEYS.put("hatch.dump.dir", (b, v) -> b.dumpDirectory(v.path()));
        KEYS.put("hatch.leaks.enabled", (b, v) -> b.leakDetection(v.bool()));
        KEYS.put("hatch.leaks.interval", (b, v) -> b.leakInterval(v.duration()));
        KEYS.put("hatch.leaks.histograms", (b, v) -> b.leakHistograms(v.bool()));
        KEYS.put("hatch.leaks.histogram-interval", (b, v) -> b.leakHistogramInterval(v.duration()));
        KEYS.put("hatch.leaks.histogram-budget", (b, v) -> b.leakHistogramBudget(v.decimal()));
        KEYS.put("hatch.leaks.backstop", (b, v) -> b.leakBackstop(v.integer(50, 100)));
        KEYS.put("hatch.leaks.allocation-sites", (b, v) -> b.leakAllocationSites(v.bool()));
        KEYS.put("hatch.leaks.sample-interval", (b, v) -> b.leakSampleInterval(v.duration()));
        KEYS.put("hatch.heapdumps.retention", (b, v) -> b.heapDumpRetention(v.duration()));
        KEYS.put("hatch.heapdumps.quota", (b, v) -> b.heapDumpQuota(v.bytes()));
        KEYS.put("hatch.limits.threads", (b, v) -> b.limits.maxThreads(v.integer(1, 256)));
        KEYS.put("hatch.limits.queue", (b, v) -> b.limits.maxQueuedRequests(v.integer(0, 1024)));
        KEYS.put("hatch.limits.threads-per-principal", (b, v) -> b.limits.maxThreadsPerPrincipal(v.integer(1, 256)));
        KEYS.put("hatch.limits.reserved-threads", (b, v) -> b.limits.reservedThreads(v.integer(0, 255)));
        KEYS.put("hatch.limits.min-body-rate", (b, v) -> b.limits.minDataRates(v.bytes(0, 1L << 30), b.limits.minResponseRate,
                b.limits.minRateGrace));
        KEYS.put("hatch.limits.min-response-rate", (b, v) -> b.limits.minDataRates(b.limits.minBodyRate, v.bytes(0, 1L << 30),
                b.limits.minRateGrace));
        KEYS.put("hatch.limits.min-rate-grace", (b, v) -> b.limits.minDataRates(b.limits.minBodyRate, b.limits.minResponseRate,
                v.duration()));
        KEYS.put("hatch.limits.connections", (b, v) -> b.limits.maxConnections(v.integer(2, 100_000)));
        KEYS.put("hatch.limits.connections-per-address", (b, v) -> b.limits.maxConnectionsPerAddress(v.integer(1, 100_000)));
        KEYS.put("hatch.limits.head-timeout", (b, v) -> b.limits.headTimeout(v.duration()));
        KEYS.put("hatch.limits.keep-alive-timeout", (b, v) -> b.limits.keepAliveTimeout(v.duration()));
        KEYS.put("hatch.limits.idle-timeout", (b, v) -> b.limits.idleTimeout(v.duration()));
        KEYS.put("hatch.limits.header-bytes", (b, v) -> b.limits.maxHeaderBytes(v.integer(1024, 1 << 20)));
        KEYS.put("hatch.limits.url-length", (b, v) -> b.limits.maxUrlLength(v.integer(256, 1 << 16)));
        KEYS.put("hatch.limits.query-params", (b, v) -> b.limits.maxQueryParameters(v.integer(1, 256)));
        KEYS.put("hatch.limits.body-bytes", (b, v) -> b.limits.maxBodyBytes((int) v.bytes(1024, 64 << 20)));
        KEYS.put("hatch.limits.rate", (b, v) -> b.limits.rate(v.integer(1, 1_000_000), b.limits.burst));
        KEYS.put("hatch.limits.burst", (b, v) -> b.limits.rate(b.limits.rate, v.integer(1, 1_000_000)));
        KEYS.put("hatch.limits.anonymous-rate", (b, v) -> b.limits.anonymousRate(v.integer(1, 1_000_000), b.limits.anonymousBurst));
        KEYS.put("hatch.limits.anonymous-burst", (b, v) -> b.limits.anonymousRate(b.limits.anonymousRate, v.integer(1, 1_000_000)));
        KEYS.put("hatch.limits.lockout-failures", (b, v) -> b.limits.lockout(v.integer(1, 1_000_000), b.limits.lockoutBase, b.limits.lockoutMax));
        KEYS.put("hatch.limits.lockout-base", (b, v) -> b.limits.lockout(b.limits.lockoutFailures, v.duration(), b.limits.lockoutMax));
        KEYS.put("hatch.limits.lockout-max", (b, v) -> b.limits.lockout(b.limits.lockoutFailures, b.limits.lockoutBase, v.duration()));
        KEYS.put("hatch.limits.ipv6-prefix", (b, v) -> b.limits.ipv6Prefix(v.integer(16, 128)));
        KEYS.put("hatch.histogram.cooldown", (b, v) -> b.limits.histogramCooldown(v.duration()));
        KEYS.put("hatch.dump.cooldown", (b, v) -> b.limits.dumpCooldown(v.duration()));
        KEYS.put("hatch.dump.reserve", (b, v) -> b.limits.dumpReserveBytes(v.bytes()));
        KEYS.put("hatch.audit.max-bytes", (b, v) -> b.limits.auditRotation(v.bytes(4096, 1L << 40), b.limits.auditFiles));
        KEYS.put("hatch.audit.files", (b, v) -> b.limits.auditRotation(b.limits.auditMaxBytes, v.integer(1, 1000)));
        KEYS.put("hatch.audit.summary-after", (b, v) -> b.limits.auditSummary(v.integer(0, 1_000_000), b.limits.auditSummaryInterval));
        KEYS.put("hatch.audit.summary-interval", (b, v) -> b.limits.auditSummary(b.limits.auditSummaryAfter, v.duration()));
        KEYS.put("hatch.health.timeout", (b, v) -> b.limits.healthTimeout(v.duration()));
        KEYS.put("hatch.tls.keystore", (b, v) -> b.tls.keyStore = v.path());
        KEYS.put("hatch.tls.keystore-password", (b, v) -> b.tls.keyStorePassword = v.text());
        KEYS.put("hatch.tls.cert", (b, v) -> b.tls.certificateChain = v.path());
        KEYS.put("hatch.tls.key", (b, v) -> b.tls.privateKey = v.path());
        KEYS.put("hatch.tls.client-ca", (b, v) -> b.tls.clientCa(v.path()));
        KEYS.put("hatch.tls.client-auth", (b, v) -> b.tls.clientAuth(Tls.ClientAuth.parse(v.raw)));
        KEYS.put("hatch.jfr.continuous", (b, v) -> b.jfrContinuous(v.bool()));
        KEYS.put("hatch.jfr.max-age", (b, v) -> b.jfrMaxAge(v.duration()));
        KEYS.put("hatch.jfr.max-size", (b, v) -> b.jfrMaxSize(v.bytes()));
        KEYS.put("hatch.jfr.settings", (b, v) -> b.jfrSettings(v.text()));
        KEYS.put("hatch.mask.keys", (b, v) -> b.maskKeys(v.raw.split(",")));
        KEYS.put("hatch.threads.virtual.limit", (b, v) -> b.virtualThreadLimit(v.integer(0, 100_000)));
        KEYS.put("hatch.threads.virtual.timeout", (b, v) -> b.virtualThreadDumpTimeout(v.duration()));
    }

    private PropertiesLoader() {
    }

    /** The keys a properties file may hold besides {@code hatch.token.NAME[.scopes]}. */
    static List<String> knownKeys() {
        return new ArrayList<>(KEYS.keySet());
    }

    static void apply(Properties properties, Hatch.Builder builder) {
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
            BiConsumer<Hatch.Builder, Value> setter = KEYS.get(key);
            if (setter == null) {
                throw new ConfigException("unknown configuration key '" + key + "'" + suggestion(key));
            }
            try {
                setter.accept(builder, new Value(key, raw));
            } catch (ConfigException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ConfigException(key + ": " + e.getMessage(), e);
            }
        }
        pairs("hatch.token.", tokenSpecs, tokenScopes, "the token",
                (name, spec, scopes) -> builder.token(name, spec, scopes));
        pairs("hatch.mtls.principal.", certMatches, certScopes, "the certificate subject or SAN",
                (name, match, scopes) -> builder.tls.principal(name, match, scopes));
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

    @FunctionalInterface
    private interface PairSetter {
        void set(String name, String value, Scope[] scopes);
    }

    private static String suggestion(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : KEYS.keySet()) {
            int d = dev.hatch.http.RouteHints.distance(key, known, 3);
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
