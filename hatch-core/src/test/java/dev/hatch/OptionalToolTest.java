package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A missing tool skips a test with the package to install, or fails it when tools are required. */
class OptionalToolTest {
    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(OptionalTool.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(OptionalTool.PROPERTY);
        } else {
            System.setProperty(OptionalTool.PROPERTY, saved);
        }
    }

    @Test
    void aMissingToolSkipsWithTheInstallLineByDefault() {
        System.clearProperty(OptionalTool.PROPERTY);
        assertThatThrownBy(() -> OptionalTool.need(false, "frobnicator", "apt-get install -y frob"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("frobnicator is missing; install it with: apt-get install -y frob");
        assertThatCode(() -> OptionalTool.need(true, "frobnicator", "apt-get install -y frob")).doesNotThrowAnyException();
    }

    @Test
    void aMissingToolFailsWhenToolsAreRequired() {
        System.setProperty(OptionalTool.PROPERTY, "required");
        assertThatThrownBy(() -> OptionalTool.onPath("hatch-no-such-tool-" + ProcessHandle.current().pid(), "apt-get install -y x"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("is missing; install it with: apt-get install -y x")
                .hasMessageContaining("-Dhatch.optional-tools=required");
        System.setProperty(OptionalTool.PROPERTY, "requierd");
        assertThatThrownBy(OptionalTool::required).hasMessageContaining("skip or required");
    }

    @Test
    void toolsOnThePathAreFound() {
        assertThat(OptionalTool.findOnPath("sh")).isPresent();
        assertThat(OptionalTool.findOnPath("hatch-no-such-tool")).isEmpty();
        assertThat(OptionalTool.jdkHomes()).first().isEqualTo(System.getProperty("java.home"));
        assertThatCode(() -> OptionalTool.jdk(System.getProperty("java.home"))).doesNotThrowAnyException();
    }
}
