package dev.hatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** An agent that cannot start says why in one line and the program runs on as if it were absent. */
class AgentFailureIT {
    private static final String JDKS = "dev.hatch.agent.Jdk#all";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void unknownConfigurationKeyIsReportedAndTheProgramRunsOn(Jdk jdk) {
        Path config = TestConfig.write(dir, "bad", "hatch.nope=1");
        try (ChildJvm app = ChildJvm.start(jdk, dir, Map.of(), ChildJvm.agent("config=" + config + ",port=0")).awaitReady()) {
            assertThat(app.awaitHatchLine()).startsWith("hatch: cannot start the maintenance endpoint: ").contains("'hatch.nope'");
            assertRunsOnWithoutEndpoint(app);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void takenPortIsReportedAndTheProgramRunsOn(Jdk jdk) throws IOException {
        Path config = TestConfig.write(dir, "taken");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            try (ChildJvm app = ChildJvm.start(jdk, dir, Map.of(), ChildJvm.agent("config=" + config + ",port=" + port)).awaitReady()) {
                assertThat(app.awaitHatchLine()).startsWith("hatch: cannot start the maintenance endpoint: ")
                        .contains("127.0.0.1:" + port).containsIgnoringCase("in use");
                assertRunsOnWithoutEndpoint(app);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void unknownAgentOptionIsReportedAndTheProgramRunsOn(Jdk jdk) {
        try (ChildJvm app = ChildJvm.start(jdk, dir, Map.of(), ChildJvm.agent("prot=0")).awaitReady()) {
            assertThat(app.awaitHatchLine()).isEqualTo("hatch: cannot start the maintenance endpoint: unknown agent option 'prot';"
                    + " the options are config, port, host (comma-separated name=value)");
            assertRunsOnWithoutEndpoint(app);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void nonLoopbackHostIsRefused(Jdk jdk) {
        Path config = TestConfig.write(dir, "host");
        try (ChildJvm app = ChildJvm.start(jdk, dir, Map.of(), ChildJvm.agent("config=" + config + ",port=0,host=0.0.0.0")).awaitReady()) {
            assertThat(app.awaitHatchLine()).startsWith("hatch: cannot start the maintenance endpoint: ")
                    .contains("0.0.0.0", "not a loopback address");
            assertRunsOnWithoutEndpoint(app);
        }
    }

    private static void assertRunsOnWithoutEndpoint(ChildJvm app) {
        app.assertResponsive();
        assertThat(app.isAlive()).isTrue();
        assertThat(app.stderr()).as("one line, no stack trace").noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Exception"));
        assertThat(app.stderr()).noneMatch(l -> l.startsWith("hatch: maintenance endpoint"));
        assertThat(app.stop()).as(app.output()).isZero();
    }
}
