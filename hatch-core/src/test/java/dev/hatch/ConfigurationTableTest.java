package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hatch.internal.config.Durations;
import dev.hatch.internal.config.Key;
import dev.hatch.internal.config.Keys;
import dev.hatch.internal.config.Settings;
import dev.hatch.internal.config.Sizes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The configuration table ({@link Keys}) is the one place a key is declared: the generated
 * reference matches it, its defaults are the builder's, and a value is accepted or refused the
 * same way through a properties file and through the builder, at every bound of every key.
 */
class ConfigurationTableTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void theReferenceIsGeneratedFromTheTable() throws IOException {
        String generated = Keys.markdown();
        if (Boolean.getBoolean("hatch.update-docs")) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/configuration.md is generated: run this test with -Dhatch.update-docs=true and commit the file")
                .isEqualTo(generated);
        for (Key<?> k : Keys.all()) {
            assertThat(generated).contains("`" + k.name() + "`");
        }
    }

    @Test
    void everyDocumentedDefaultIsTheBuildersDefault() {
        Settings fresh = Hatch.builder().settings();
        int literal = 0;
        for (Key<?> k : Keys.all()) {
            if (!k.literalDefault()) {
                assertThat(k.defaultText()).as(k.name() + " describes its default").isNotBlank();
                continue;
            }
            literal++;
            Object expected = k.defaultText().isEmpty() ? List.of() : k.parse(k.defaultText());
            assertThat(k.read(fresh)).as(k.name() + " default").isEqualTo(expected);
        }
        assertThat(literal).isGreaterThan(50);
    }

    @Test
    void everyBoundIsAcceptedAndEveryValueBeyondItRefusedAlikeByPropertiesAndBuilder() {
        List<String> checked = new ArrayList<>();
        for (Key<?> k : Keys.all()) {
            for (Object edge : new Object[] {k.min(), k.max()}) {
                if (edge == null) {
                    continue;
                }
                Settings s = load(k.name(), k.format(edge));
                assertThat(k.read(s)).as(k.name() + " = " + k.format(edge)).isEqualTo(edge);
                checked.add(k.name() + "=" + k.format(edge));
            }
            for (Object beyond : new Object[] {below(k.min()), above(k.max())}) {
                if (beyond == null) {
                    continue;
                }
                String text = k.format(beyond);
                assertThatThrownBy(() -> load(k.name(), text)).as(k.name() + " = " + text)
                        .isInstanceOf(ConfigException.class)
                        .hasMessageContaining(k.name()).hasMessageContaining(k.boundsText());
                checked.add(k.name() + "=" + text + " refused");
            }
        }
        assertThat(checked).hasSizeGreaterThan(150);
    }

    @Test
    void theBuilderAndThePropertiesAgreeWhereTheyOnceDiverged() {
        // maxThreads(300): the builder took it, the properties file refused it.
        assertThatThrownBy(() -> Hatch.builder().limits(l -> l.maxThreads(300)))
                .isInstanceOf(ConfigException.class).hasMessage("hatch.limits.threads must be between 1 and 256, was 300");
        assertThatThrownBy(() -> load("hatch.limits.threads", "300"))
                .isInstanceOf(ConfigException.class).hasMessage("hatch.limits.threads must be between 1 and 256, was 300");
        // A 2 TB quota: the builder took it, the properties file's size grammar could not say it.
        assertThat(load("hatch.heapdumps.quota", "2TB").heapDumpQuota).isEqualTo(2L << 40);
        assertThat(Hatch.builder().heapDumpQuota(2L << 40).settings().heapDumpQuota).isEqualTo(2L << 40);
        // One size grammar: what a trigger definition says, the properties file says too.
        assertThat(load("hatch.jfr.max-size", "1g").jfrMaxSize).isEqualTo(1L << 30);
        assertThat(load("hatch.limits.body-bytes", "512KB").limits.maxBodyBytes).isEqualTo(512 << 10);
    }

    @Test
    void unknownKeysAreSuggestedFromTheTable() {
        assertThatThrownBy(() -> load("hatch.limits.thread", "4")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("did you mean 'hatch.limits.threads'");
        assertThatThrownBy(() -> load("hatch.jfr.max-sise", "4")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("did you mean 'hatch.jfr.max-size'");
    }

    @Test
    void oneDurationAndOneSizeGrammarRoundTrip() {
        for (String d : List.of("0s", "250ms", "90s", "5m", "2h", "1d")) {
            assertThat(Durations.format(Durations.parse(d))).isEqualTo(d);
        }
        assertThat(Durations.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        for (String s : List.of("0", "100", "1KB", "1536KB", "64MB", "16GB", "2TB")) {
            assertThat(Sizes.format(Sizes.parse(s))).isEqualTo(s);
        }
        assertThat(Sizes.parse("4g")).isEqualTo(4L << 30);
        assertThat(Sizes.parse("512 kb")).isEqualTo(512L << 10);
        assertThatThrownBy(() -> Sizes.parse("9999999999TB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sizes.parse("-1")).isInstanceOf(IllegalArgumentException.class);
        // the whole grammar: digits, optional white space, an optional K/M/G/T, an optional B
        assertThat(Sizes.parse(" 7 ")).isEqualTo(7);
        assertThat(Sizes.parse("7b")).isEqualTo(7);
        assertThat(Sizes.parse("3\tT")).isEqualTo(3L << 40);
        assertThat(Sizes.parse("8388607TB")).isEqualTo(8388607L << 40);
        assertThat(Sizes.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        for (String bad : List.of("", "KB", "1.5MB", "1 K B", "1BB", "1KBB", "1XB", "1 MB x", "+1", "12345678901234567890", "\u0661")) {
            assertThatThrownBy(() -> Sizes.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad.trim());
        }
        assertThatThrownBy(() -> Sizes.parse("9223372036854775808")).hasMessageStartingWith("size too large");
        assertThatThrownBy(() -> Sizes.parse("8388608TB")).hasMessageStartingWith("size too large");
    }

    private static Settings load(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return Hatch.builder().properties(p).settings();
    }

    private static Object below(Object min) {
        if (min instanceof Integer i) {
            return i - 1;
        }
        if (min instanceof Long l) {
            return l > 0 ? l - 1 : null;
        }
        if (min instanceof Duration d) {
            return d.isZero() ? null : d.minusMillis(1);
        }
        if (min instanceof Double x) {
            return x - 0.001;
        }
        return null;
    }

    private static Object above(Object max) {
        if (max instanceof Integer i) {
            return i + 1;
        }
        if (max instanceof Long l) {
            return l + 1;
        }
        if (max instanceof Duration d) {
            return d.plusMillis(1);
        }
        if (max instanceof Double x) {
            return x + 0.001;
        }
        return null;
    }
}
