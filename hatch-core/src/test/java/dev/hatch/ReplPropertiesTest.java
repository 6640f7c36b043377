package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hatch.internal.repl.ReplConfig;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The REPL's configuration keys and builder methods. */
class ReplPropertiesTest {

    private static Hatch.Builder load(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return Hatch.builder().properties(p);
    }

    @Test
    void defaultsAreOffFiveSecondsFourSessionsTenMinutes64KiB() {
        ReplConfig c = Hatch.builder().settings().replConfig();
        assertThat(c.enabled()).isFalse();
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.maxSessions()).isEqualTo(4);
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.outputBytes()).isEqualTo(65536);
        assertThat(c.classLoader()).isSameAs(Thread.currentThread().getContextClassLoader());
        assertThat(c.bindings()).isEmpty();
    }

    @Test
    void everyReplKeyReachesTheBuilder() {
        ReplConfig c = load("hatch.repl.enabled", "true", "hatch.repl.timeout", "2500ms", "hatch.repl.max-sessions", "2",
                "hatch.repl.idle-timeout", "PT1M", "hatch.repl.output-bytes", "8192").settings().replConfig();
        assertThat(c.enabled()).isTrue();
        assertThat(c.timeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.maxSessions()).isEqualTo(2);
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.outputBytes()).isEqualTo(8192);
    }

    @Test
    void malformedOrOutOfRangeValuesNameTheKey() {
        assertThatThrownBy(() -> load("hatch.repl.timeout", "soon")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("hatch.repl.timeout");
        assertThatThrownBy(() -> load("hatch.repl.timeout", "2h")).hasMessageContaining("hatch.repl.timeout must be between");
        assertThatThrownBy(() -> load("hatch.repl.max-sessions", "0")).hasMessageContaining("hatch.repl.max-sessions");
        assertThatThrownBy(() -> load("hatch.repl.idle-timeout", "10ms")).hasMessageContaining("hatch.repl.idle-timeout");
        assertThatThrownBy(() -> load("hatch.repl.output-bytes", "100")).hasMessageContaining("hatch.repl.output-bytes");
        assertThatThrownBy(() -> load("hatch.repl.timout", "5s")).hasMessageContaining("did you mean 'hatch.repl.timeout'");
    }

    @Test
    void bindingsNeedJavaIdentifiersOnceEach() {
        Hatch.Builder b = Hatch.builder().bind("orders", "x").bind("_cache2", 1);
        assertThat(b.settings().replConfig().bindings()).containsOnlyKeys("orders", "_cache2");
        for (String bad : new String[] {"", "2orders", "class", "var", "$1", "a-b", "_"}) {
            assertThatThrownBy(() -> Hatch.builder().bind(bad, "x")).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("Java identifier");
        }
        assertThatThrownBy(() -> b.bind("orders", "y")).hasMessageContaining("bound twice");
        assertThatThrownBy(() -> Hatch.builder().bind("x", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anExplicitClassLoaderWins() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[0])) {
            assertThat(Hatch.builder().replClassLoader(loader).settings().replConfig().classLoader()).isSameAs(loader);
        }
    }
}
