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
            Key<?> k = Keys.named(key);
            if (k == null) {
                throw new ConfigException("unknown configuration key '" + key + "'" + suggestion(key));
            }
            k.apply(builder, settings, raw);
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

    @FunctionalInterface
    private interface PairSetter {
        void set(String name, String value, Scope[] scopes);
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
