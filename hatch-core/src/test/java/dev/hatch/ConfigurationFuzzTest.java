package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hatch.internal.config.PropertiesLoader;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

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
        check(p);
    }

    /** Applies the properties; returns the ConfigException they end in, or null when they are valid. */
    private static ConfigException check(Properties p) {
        try {
            Hatch.Builder b = Hatch.builder().properties(p);
            b.settings().limitsBuilder.build();
            return null;
        } catch (ConfigException expected) {
            if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                throw new AssertionError("a configuration error without a message", expected);
            }
            return expected;
        }
    }

    private static Properties of(String... keysAndValues) {
        Properties p = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return p;
    }

    /**
     * The byte-level seeds decode through the fuzzer's data provider and cannot show what they
     * encode; these named cases take both branches of the target and name the key in the error.
     */
    @Test
    void namedCasesTakeBothBranches() {
        assertThat(check(of("hatch.limits.rate", "50"))).isNull();
        assertThat(check(of("hatch.limits.rate", "fast"))).hasMessageContaining("hatch.limits.rate");
        assertThat(check(of("hatch.limits.rate", "-1"))).hasMessageContaining("hatch.limits.rate");
        assertThat(check(of("hatch.limits.threads", "100000"))).hasMessageContaining("hatch.limits.threads");
        assertThat(check(of("hatch.hatch.limits.rate", "50"))).hasMessageContaining("hatch.hatch.limits.rate");
        assertThat(check(of("hatch.token.a.scopes", "monitor"))).isNotNull();
        assertThat(check(of("hatch.token.", "x"))).isNotNull();
        assertThat(check(of("other.key", "\u0000"))).isNull();
    }
}
