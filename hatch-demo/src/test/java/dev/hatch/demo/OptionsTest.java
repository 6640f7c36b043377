package dev.hatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsLeaveTheHatchPortToHatch() {
        DemoService.Options o = DemoService.Options.parse(new String[0], Map.of());

        assertThat(o.port()).isEqualTo(8080);
        assertThat(o.hatchPort()).isNull();
        assertThat(o.hatchConfig()).isNull();
        assertThat(o.trafficPerSecond()).isEqualTo(10);
        assertThat(o.leak()).isFalse();
    }

    @Test
    void flagsWinOverTheEnvironment() {
        Map<String, String> env = Map.of("HATCH_PORT", "9999", "HATCH_CONFIG", "/etc/env.properties");

        assertThat(DemoService.Options.parse(new String[0], env).hatchPort()).isEqualTo(9999);
        DemoService.Options o = DemoService.Options.parse(
                new String[] {"--port", "0", "--hatch-port", "0", "--hatch-config", "/etc/flag.properties", "--traffic", "0", "--leak"}, env);
        assertThat(o.port()).isZero();
        assertThat(o.hatchPort()).isZero();
        assertThat(o.hatchConfig()).isEqualTo(Path.of("/etc/flag.properties"));
        assertThat(o.trafficPerSecond()).isZero();
        assertThat(o.leak()).isTrue();
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> DemoService.Options.parse(new String[] {"--port", "70000"}, Map.of()))
                .hasMessageContaining("--port must be a number from 0 to 65535");
        assertThatThrownBy(() -> DemoService.Options.parse(new String[] {"--port"}, Map.of()))
                .hasMessageContaining("missing value for --port");
        assertThatThrownBy(() -> DemoService.Options.parse(new String[] {"--colour", "red"}, Map.of()))
                .hasMessageContaining("unknown option: --colour");
        assertThatThrownBy(() -> DemoService.Options.parse(new String[0], Map.of("HATCH_PORT", "x")))
                .hasMessageContaining("HATCH_PORT must be a number");
    }
}
