package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LeakConfigTest {

    private static Hatch.Builder load(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return Hatch.builder().properties(p);
    }

    @Test
    void leakAndHeapDumpKeysReachTheBuilder() {
        Hatch.Builder b = load("hatch.leaks.enabled", "false", "hatch.leaks.interval", "2s", "hatch.leaks.histograms", "false",
                "hatch.leaks.histogram-interval", "30s", "hatch.leaks.histogram-budget", "0.5", "hatch.leaks.backstop", "95",
                "hatch.leaks.sample-interval", "2m",
                "hatch.heapdumps.retention", "2h", "hatch.heapdumps.quota", "3g",
                "hatch.trigger.near-oom", "{\"on\":\"old-gen\",\"percent\":85}");
        assertThat(b.settings().leaks.enabled()).isFalse();
        assertThat(b.settings().leaks.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.settings().leaks.histograms()).isFalse();
        assertThat(b.settings().leaks.histogramInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.settings().leaks.histogramBudgetPercent()).isEqualTo(0.5);
        assertThat(b.settings().leaks.backstopPercent()).isEqualTo(95);
        assertThat(b.settings().leaks.sampleInterval()).isEqualTo(Duration.ofMinutes(2));
        // Later changes to other keys keep it.
        assertThat(b.leakInterval(Duration.ofSeconds(3)).leakHistograms(true).settings().leaks.sampleInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(b.settings().heapDumpRetention).isEqualTo(Duration.ofHours(2));
        assertThat(b.settings().heapDumpQuota).isEqualTo(3L << 30);
        assertThat(b.settings().triggers).containsKey("near-oom");
    }

    @Test
    void defaultsAreOnAndDocumented() {
        Hatch.Builder b = Hatch.builder();
        assertThat(b.settings().leaks.enabled()).isTrue();
        assertThat(b.settings().leaks.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.settings().leaks.histogramInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.settings().leaks.histogramBudgetPercent()).isEqualTo(1.0);
        assertThat(b.settings().leaks.backstopPercent()).isEqualTo(90);
        assertThat(b.settings().leaks.sampleInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(b.settings().heapDumpRetention).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void malformedValuesNameTheKey() {
        String[][] cases = {
            {"hatch.leaks.enabled", "yes", "hatch.leaks.enabled must be true or false"},
            {"hatch.leaks.interval", "10ms", "hatch.leaks.interval must be between 100ms and 10m"},
            {"hatch.leaks.histogram-budget", "lots", "hatch.leaks.histogram-budget must be a number"},
            {"hatch.leaks.histogram-budget", "50", "hatch.leaks.histogram-budget must be between 0.01 and 10.0"},
            {"hatch.leaks.backstop", "20", "hatch.leaks.backstop must be between 50 and 100"},
            {"hatch.leaks.sample-interval", "500ms", "hatch.leaks.sample-interval must be between 1s and 1h"},
            {"hatch.leaks.sample-interval", "2h", "hatch.leaks.sample-interval must be between 1s and 1h"},
            {"hatch.leaks.sample-intervall", "5s", "did you mean 'hatch.leaks.sample-interval'"},
            {"hatch.heapdumps.quota", "big", "hatch.heapdumps.quota must be a size"},
            {"hatch.heapdumps.retention", "10s", "hatch.heapdumps.retention must be between 1m and 365d"},
            {"hatch.trigger.x", "{\"on\":\"old-gen\"}", "hatch.trigger.x: 'percent' (1-100) is required"},
            {"hatch.leaks.histogram-intervall", "5s", "did you mean 'hatch.leaks.histogram-interval'"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> load(c[0], c[1])).as(c[0] + "=" + c[1]).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(c[2]);
        }
    }
}
