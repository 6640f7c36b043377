package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DiagnosticsConfigTest {

    @Test
    void jfrKeysHaveSafeDefaults() {
        Hatch.Builder b = Hatch.builder();
        assertThat(b.settings().jfrContinuous).isFalse();
        assertThat(b.settings().jfrMaxAge).isEqualTo(Duration.ofMinutes(15));
        assertThat(b.settings().jfrMaxSize).isEqualTo(64L << 20);
        assertThat(b.settings().jfrSettings).isEqualTo("default");
    }

    @Test
    void jfrKeysAreReadFromProperties() {
        Properties p = new Properties();
        p.setProperty("hatch.jfr.continuous", "true");
        p.setProperty("hatch.jfr.max-age", "30m");
        p.setProperty("hatch.jfr.max-size", "128MB");
        p.setProperty("hatch.jfr.settings", "profile");
        Hatch.Builder b = Hatch.builder().properties(p);
        assertThat(b.settings().jfrContinuous).isTrue();
        assertThat(b.settings().jfrMaxAge).isEqualTo(Duration.ofMinutes(30));
        assertThat(b.settings().jfrMaxSize).isEqualTo(128L << 20);
        assertThat(b.settings().jfrSettings).isEqualTo("profile");
    }

    @Test
    void malformedJfrValuesNameTheKey() {
        assertThatThrownBy(() -> Hatch.builder().properties(props("hatch.jfr.max-size", "lots")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hatch.jfr.max-size");
        assertThatThrownBy(() -> Hatch.builder().properties(props("hatch.jfr.max-size", "512KB")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("between 1MB and 16GB");
        assertThatThrownBy(() -> Hatch.builder().properties(props("hatch.jfr.max-age", "5s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hatch.jfr.max-age");
        assertThatThrownBy(() -> Hatch.builder().properties(props("hatch.jfr.settings", "verbose")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("default or profile");
        assertThatThrownBy(() -> Hatch.builder().properties(props("hatch.jfr.continous", "true")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("did you mean 'hatch.jfr.continuous'");
    }

    private static Properties props(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }
}
