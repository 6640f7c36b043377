package dev.hatch;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Properties;

/**
 * Fuzzes configuration parsing: any keys and values may only ever end in a
 * {@link ConfigException}, never in another exception, a hang or a half-applied builder that
 * starts. Runs its seeds as a plain test; {@code JAZZER_FUZZ=1} fuzzes.
 */
class ConfigurationFuzzTest {
    private static final List<String> KEYS;

    static {
        List<String> keys = new java.util.ArrayList<>(PropertiesLoader.knownKeys());
        keys.addAll(List.of("hatch.token.a", "hatch.token.a.scopes", "hatch.mtls.principal.m", "hatch.mtls.principal.m.scopes",
                "hatch.token..scopes", "hatch.", "hatch.limits", "other.key"));
        KEYS = List.copyOf(keys);
    }

    @FuzzTest(maxDuration = "10s")
    void propertiesOnlyFailWithConfigException(FuzzedDataProvider data) {
        Properties p = new Properties();
        int n = data.consumeInt(0, 6);
        for (int i = 0; i < n; i++) {
            String key = data.consumeBoolean() ? data.pickValue(KEYS) : "hatch." + data.consumeString(40);
            p.setProperty(key, data.consumeString(200));
        }
        try {
            Hatch.Builder b = Hatch.builder().properties(p);
            b.limits.build();
        } catch (ConfigException expected) {
            if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                throw new AssertionError("a configuration error without a message", expected);
            }
        }
    }
}
