package dev.hatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

    @Test
    void readsCommaSeparatedOptions() {
        AgentOptions o = AgentOptions.parse(" config=/etc/hatch.properties , port=0,host=::1,");
        assertThat(o.config()).isEqualTo(Path.of("/etc/hatch.properties"));
        assertThat(o.port()).isZero();
        assertThat(o.host()).isEqualTo("::1");
        assertThat(AgentOptions.parse(o.format())).isEqualTo(o);
    }

    @Test
    void noOptionsMeansDefaults() {
        assertThat(AgentOptions.parse(null)).isEqualTo(new AgentOptions(null, null, null));
        assertThat(AgentOptions.parse("")).isEqualTo(new AgentOptions(null, null, null));
        assertThat(AgentOptions.parse(null).format()).isEmpty();
    }

    @Test
    void mistakesNameTheOption() {
        assertThatThrownBy(() -> AgentOptions.parse("prot=1")).hasMessageContaining("unknown agent option 'prot'");
        assertThatThrownBy(() -> AgentOptions.parse("port")).hasMessageContaining("'port' needs a value");
        assertThatThrownBy(() -> AgentOptions.parse("port=")).hasMessageContaining("'port' is empty");
        assertThatThrownBy(() -> AgentOptions.parse("port=x")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> AgentOptions.parse("port=70000")).hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> AgentOptions.parse("host=a,host=b")).hasMessageContaining("given twice");
    }

    @Test
    void hatchConfigStandsInOnlyWithoutConfigOption() {
        Map<String, String> env = Map.of("HATCH_CONFIG", "/from/env.properties");
        assertThat(AgentOptions.parse("port=1").configFile(env)).contains(Path.of("/from/env.properties"));
        assertThat(AgentOptions.parse("config=/given").configFile(env)).contains(Path.of("/given"));
        assertThat(AgentOptions.parse("port=1").configFile(Map.of())).isEmpty();
        assertThat(AgentOptions.parse("port=1").configFile(Map.of("HATCH_CONFIG", " "))).isEmpty();
    }

    @Test
    void featureVersionOfOldAndNewJavas() {
        assertThat(AttachCommand.featureVersion("1.8")).isEqualTo(8);
        assertThat(AttachCommand.featureVersion("17")).isEqualTo(17);
        assertThat(AttachCommand.featureVersion("25")).isEqualTo(25);
        assertThat(AttachCommand.featureVersion("x")).isZero();
    }
}
