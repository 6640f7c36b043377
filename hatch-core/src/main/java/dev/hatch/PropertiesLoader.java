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
    private static final Map<String, BiConsumer<Hatch.Builder, Value>> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("hatch.host", (b, v) -> b.host(v.text()));
        KEYS.put("hatch.port", (b, v) -> b.port(v.integer(0, 65535)));
        KEYS.put("hatch.repl.enabled", (b, v) -> b.replEnabled(v.bool()));
        KEYS.put("hatch.public", (b, v) -> b.publicRoutes(v.raw.split(",")));
        KEYS.put("hatch.audit.file", (b, v) -> b.auditFile(v.path()));
        KEYS.put("hatch.dump.dir", (b, v) -> b.dumpDirectory(v.path()));
        KEYS.put("hatch.limits.threads", (b, v) -> b.limits.maxThreads(v.integer(2, 256)));
        KEYS.put("hatch.limits.queue", (b, v) -> b.limits.maxQueuedRequests(v.integer(1, 10_000)));
        KEYS.put("hatch.limits.idle-timeout", (b, v) -> b.limits.idleTimeout(v.duration()));
        KEYS.put("hatch.limits.header-bytes", (b, v) -> b.limits.maxHeaderBytes(v.integer(1024, 1 << 20)));
        KEYS.put("hatch.limits.url-length", (b, v) -> b.limits.maxUrlLength(v.integer(256, 1 << 16)));
        KEYS.put("hatch.limits.query-params", (b, v) -> b.limits.maxQueryParameters(v.integer(1, 256)));
        KEYS.put("hatch.limits.body-bytes", (b, v) -> b.limits.maxBodyBytes(v.integer(1024, 64 << 20)));
        KEYS.put("hatch.health.timeout", (b, v) -> b.limits.healthTimeout(v.duration()));
        KEYS.put("hatch.leaks.enabled", (b, v) -> b.leakDetection(v.bool()));
        KEYS.put("hatch.leaks.interval", (b, v) -> b.leakInterval(v.duration()));
        KEYS.put("hatch.leaks.histograms", (b, v) -> b.leakHistograms(v.bool()));
        KEYS.put("hatch.leaks.histogram-interval", (b, v) -> b.leakHistogramInterval(v.duration()));
        KEYS.put("hatch.leaks.histogram-budget", (b, v) -> b.leakHistogramBudget(v.decimal()));
        KEYS.put("hatch.leaks.backstop", (b, v) -> b.leakBackstop(v.integer(50, 100)));
        KEYS.put("hatch.leaks.allocation-sites", (b, v) -> b.leakAllocationSites(v.bool()));
        KEYS.put("hatch.heapdumps.retention", (b, v) -> b.heapDumpRetention(v.duration()));
        KEYS.put("hatch.heapdumps.quota", (b, v) -> b.heapDumpQuota(v.bytes()));
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
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!key.startsWith("hatch.")) {
                continue;
            }
            String raw = properties.getProperty(key).trim();
            Matcher token = TOKEN_KEY.matcher(key);
            if (token.matches()) {
                (token.group(2) == null ? tokenSpecs : tokenScopes).put(token.group(1), raw);
                continue;
            }
            Matcher trigger = TRIGGER_KEY.matcher(key);
            if (trigger.matches()) {
                builder.trigger(trigger.group(1), raw);
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
        for (String name : tokenScopes.keySet()) {
            if (!tokenSpecs.containsKey(name)) {
                throw new ConfigException("hatch.token." + name + ".scopes is set but hatch.token." + name + " (the token) is missing");
            }
        }
        for (Map.Entry<String, String> e : tokenSpecs.entrySet()) {
            String name = e.getKey();
            String scopesKey = "hatch.token." + name + ".scopes";
            String scopes = tokenScopes.get(name);
            if (scopes == null || scopes.isBlank()) {
                throw new ConfigException(scopesKey + " is missing: list what token '" + name + "' may do, e.g. monitor,dump");
            }
            List<Scope> parsed = new ArrayList<>();
            for (String s : scopes.split(",")) {
                if (!s.isBlank()) {
                    try {
                        parsed.add(Scope.parse(s));
                    } catch (IllegalArgumentException ex) {
                        throw new ConfigException(scopesKey + ": " + ex.getMessage(), ex);
                    }
                }
            }
            builder.token(name, e.getValue(), parsed.toArray(new Scope[0]));
        }
    }

    private static String suggestion(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : KEYS.keySet()) {
            int d = distance(key, known);
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        return bestDistance <= 3 ? " (did you mean '" + best + "'?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
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

        double decimal() {
            try {
                return Double.parseDouble(raw);
            } catch (NumberFormatException e) {
                throw new ConfigException(key + " must be a number such as 0.5, was '" + raw + "'", e);
            }
        }

        /** A size such as {@code 512m}, {@code 4g} or a number of bytes. */
        long bytes() {
            Matcher m = Pattern.compile("([0-9]{1,15})([kmgt]?)b?").matcher(raw.toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new ConfigException(key + " must be a size such as 512m or 4g, was '" + raw + "'");
            }
            int shift = switch (m.group(2)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                case "t" -> 40;
                default -> 0;
            };
            long n = Long.parseLong(m.group(1));
            if (n > (Long.MAX_VALUE >> shift)) {
                throw new ConfigException(key + " is too large: " + raw);
            }
            return n << shift;
        }

        boolean bool() {
            return switch (raw.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new ConfigException(key + " must be true or false, was '" + raw + "'");
            };
        }

        Path path() {
            try {
                return Path.of(text());
            } catch (java.nio.file.InvalidPathException e) {
                throw new ConfigException(key + " is not a valid path: " + e.getMessage(), e);
            }
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
