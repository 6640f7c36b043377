package dev.hatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hatch.cli.connection.Target;
import dev.hatch.cli.output.CliException;
import org.junit.jupiter.api.Test;

class TargetTest {
    @Test
    void aUrlWithoutPathMeansOps() {
        assertThat(Target.parse("http://127.0.0.1:9070", "--url")).hasToString("http://127.0.0.1:9070/ops");
        assertThat(Target.parse("http://127.0.0.1:9070/", "--url")).hasToString("http://127.0.0.1:9070/ops");
        assertThat(Target.parse(" https://h.example:8443/ops/ ", "--url")).hasToString("https://h.example:8443/ops");
        assertThat(Target.parse("http://[::1]:9070/admin/ops", "--url")).hasToString("http://[::1]:9070/admin/ops");
    }

    @Test
    void routesResolveBelowTheBase() {
        Target t = Target.parse("http://127.0.0.1:9070/ops", "--url");
        assertThat(t.resolve("/threads?format=text")).hasToString("http://127.0.0.1:9070/ops/threads?format=text");
        assertThat(t.location("/ops/heapdumps/7")).hasToString("http://127.0.0.1:9070/ops/heapdumps/7");
        assertThat(t.location("http://127.0.0.1:9070/ops/heapdumps/7")).hasToString("http://127.0.0.1:9070/ops/heapdumps/7");
    }

    @Test
    void aLocationOnAnotherServerIsNotFollowed() {
        Target t = Target.parse("http://127.0.0.1:9070/ops", "--url");
        assertThatThrownBy(() -> t.location("http://evil.example/ops/heapdumps/7")).isInstanceOf(CliException.class)
                .hasMessageContaining("another server");
        // Scheme-relative, other port, other scheme, user information, another case of the same trick.
        for (String l : new String[] {"//evil.example/ops/heapdumps/7", "//127.0.0.1:9071/ops/x", "https://127.0.0.1:9070/ops/x",
            "//user@127.0.0.1:9070/ops/x", "HTTP://EVIL.example/x", "http:evil.example", "//evil.example:9070"}) {
            assertThatThrownBy(() -> t.location(l)).as(l).isInstanceOf(CliException.class).hasMessageContaining("another server");
        }
        assertThat(t.location("//127.0.0.1:9070/ops/heapdumps/8")).hasToString("http://127.0.0.1:9070/ops/heapdumps/8");
        assertThat(t.location("heapdumps/9")).hasToString("http://127.0.0.1:9070/heapdumps/9");
    }

    @Test
    void badUrlsAreUsageErrorsNamingTheirSource() {
        assertThatThrownBy(() -> Target.parse("127.0.0.1:9070", "HATCH_URL")).hasMessage(
                "HATCH_URL: '127.0.0.1:9070' must start with http:// or https://");
        assertThatThrownBy(() -> Target.parse("http://user:secret@h:1/ops", "--url")).hasMessageContaining("credentials do not belong")
                .hasMessageNotContaining("secret");
    }

    @Test
    void loopbackIsRecognised() {
        assertThat(Target.parse("http://127.0.0.1:1", "x").loopback()).isTrue();
        assertThat(Target.parse("http://localhost:1", "x").loopback()).isTrue();
        assertThat(Target.parse("http://[::1]:1", "x").loopback()).isTrue();
        assertThat(Target.parse("http://10.1.2.3:1", "x").loopback()).isFalse();
        assertThat(Target.parse("http://db.example:1", "x").loopback()).isFalse();
    }
}
