package dev.hatch.internal.config;

import dev.hatch.ConfigException;
import dev.hatch.Hatch;
import dev.hatch.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Turns {@code hatch.*} properties into builder calls. Unknown keys and malformed values fail
 * with the key's name: a typo must never silently leave a default in place.
 */
public final class PropertiesLoader {

    private static final String TRIGGER = "hatch.trigger.";
    private static final String TOKEN = "hatch.token.";
    private static final String MTLS = "hatch.mtls.principal.";
    private static final String SCOPES = ".scopes";

    private PropertiesLoader() {
    }

    /** The keys a properties file may hold besides those with a name of the user's ({@link Keys#PATTERNS}). */
    public static List<String> knownKeys() {
        return Keys.all().stream().map(Key::name).toList();
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
            // Names of the user's by hand, not with regular expressions: this runs on the agent's
            // light start, where java.util.regex would be about 40 classes more (docs/performance.md).
            String trigger = nameAfter(TRIGGER, key);
            if (trigger != null) {
                builder.trigger(trigger, raw);
                continue;
            }
            if (collect(key, TOKEN, raw, tokenSpecs, tokenScopes) || collect(key, MTLS, raw, certMatches, certScopes)) {
                continue;
            }
            Key<?> k = Keys.named(key);
            if (k == null) {
                throw new ConfigException("unknown configuration key '" + key + "'" + suggestion(key));
            }
            k.apply(builder, settings, raw);
        }
        // No lambdas either: on JDK 24+ each spins a class at first use (docs/performance.md).
        for (Map.Entry<String, Scope[]> e : pairs(TOKEN, tokenSpecs, tokenScopes, "the token").entrySet()) {
            builder.token(e.getKey(), tokenSpecs.get(e.getKey()), e.getValue());
        }
        for (Map.Entry<String, Scope[]> e : pairs(MTLS, certMatches, certScopes, "the certificate subject or SAN").entrySet()) {
            settings.tlsBuilder.principal(e.getKey(), certMatches.get(e.getKey()), e.getValue());
        }
    }

    /** NAME when {@code key} is {@code prefix + NAME}, NAME at least one character and without a dot; else null. */
    static String nameAfter(String prefix, String key) {
        if (!key.startsWith(prefix) || key.length() == prefix.length()) {
            return null;
        }
        String name = key.substring(prefix.length());
        return name.indexOf('.') < 0 ? name : null;
    }

    /**
     * Files {@code PREFIX.NAME} under {@code values} and {@code PREFIX.NAME.scopes} under
     * {@code scopes}; false when the key is neither.
     */
    private static boolean collect(String key, String prefix, String raw, Map<String, String> values, Map<String, String> scopes) {
        String name = nameAfter(prefix, key);
        if (name != null) {
            values.put(name, raw);
            return true;
        }
        name = key.endsWith(SCOPES) ? nameAfter(prefix, key.substring(0, key.length() - SCOPES.length())) : null;
        if (name != null) {
            scopes.put(name, raw);
            return true;
        }
        return false;
    }

    /** Joins {@code PREFIX.NAME} and {@code PREFIX.NAME.scopes} keys, each needs the other: each NAME's scopes, in order. */
    private static Map<String, Scope[]> pairs(String prefix, Map<String, String> values, Map<String, String> scopes, String what) {
        Map<String, Scope[]> joined = new LinkedHashMap<>();
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
            joined.put(name, parsed.toArray(new Scope[0]));
        }
        return joined;
    }

    private static String suggestion(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : knownKeys()) {
            int d = dev.hatch.internal.http.RouteHints.distance(key, known, 3);
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        return bestDistance <= 3 ? " (did you mean '" + best + "'?)" : "";
    }
}
