package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ThreadDiagnosticsConfigTest {

    private static Hatch.Builder load(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return Hatch.builder().properties(p);
    }

    @Test
    void virtualThreadKeysHaveDefaultsAndBounds() {
        Hatch.Builder defaults = Hatch.builder();
        assertThat(defaults.settings().virtualThreadLimit).isEqualTo(1000);
        assertThat(defaults.settings().virtualThreadDumpTimeout).isEqualTo(Duration.ofSeconds(20));
        assertThat(load("hatch.threads.virtual.limit", "50").settings().virtualThreadLimit).isEqualTo(50);
        assertThat(load("hatch.threads.virtual.timeout", "2s").settings().virtualThreadDumpTimeout).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> load("hatch.threads.virtual.limit", "-1")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("hatch.threads.virtual.limit");
        assertThatThrownBy(() -> load("hatch.threads.virtual.timeout", "10ms")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("hatch.threads.virtual.timeout");
        assertThatThrownBy(() -> load("hatch.threads.virtual.limt", "5")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("did you mean 'hatch.threads.virtual.limit'");
    }

    @Test
    void maskKeysAreTrimmedAndEmptyOnesIgnored() {
        assertThat(load("hatch.mask.keys", " pin ,iban,,").settings().maskKeys).containsExactly("pin", "iban");
        assertThat(Hatch.builder().maskKeys("Tan").settings().maskKeys).containsExactly("Tan");
    }
}
