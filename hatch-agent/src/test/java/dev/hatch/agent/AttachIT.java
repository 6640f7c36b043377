package dev.hatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code java -jar hatch-agent.jar attach PID}: the agent loaded into a program that is already running. */
class AttachIT {
    private static final String JDKS = "dev.hatch.agent.Jdk#all";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void attachStartsTheEndpointInARunningProgram(Jdk jdk) throws Exception {
        Path config = TestConfig.write(dir, "attach");
        Path launcherDir = Files.createDirectories(dir.resolve("launcher"));
        Files.move(config, launcherDir.resolve("hatch.properties"));
        String[] flags = jdk.warnsOnDynamicAgents() ? new String[] {"-XX:+EnableDynamicAgentLoading"} : new String[0];
        try (ChildJvm app = ChildJvm.start(jdk, dir, Map.of(), flags).awaitReady()) {
            // A relative config= means the launcher's directory, not the target's.
            Launcher.Result attach = Launcher.run(jdk, launcherDir, "attach", Long.toString(app.pid()), "config=hatch.properties,port=0");
            assertThat(attach.exit()).as(attach.toString()).isZero();
            assertThat(attach.stdout()).contains("agent loaded into process " + app.pid());
            assertThat(attach.stderr()).as("no warning when the target allows dynamic agents").isEmpty();

            StatusLine status = app.awaitStatusLine();
            assertThat(status.tokenFile()).isEmpty();
            HttpResponse<String> threads = Http.get(status.resolve("/ops/threads"), TestConfig.MONITOR);
            assertThat(threads.statusCode()).isEqualTo(200);
            assertThat(threads.body()).contains("order-worker-1");
            assertThat(Http.get(status.resolve("/ops/threads"), null).statusCode()).isEqualTo(401);
            assertThat(app.stderr()).noneMatch(l -> l.contains("A Java agent has been loaded dynamically"));

            Launcher.Result again = Launcher.run(jdk, launcherDir, "attach", Long.toString(app.pid()), "config=hatch.properties,port=0");
            assertThat(again.exit()).as(again.toString()).isZero();
            String repeat = app.awaitErr(l -> l.startsWith("hatch: already running"));
            assertThat(repeat).contains(status.url().toString());
            assertThat(app.stderr()).filteredOn(l -> l.startsWith("hatch: maintenance endpoint")).hasSize(1);
            assertThat(Http.get(status.resolve("/ops/threads"), TestConfig.MONITOR).statusCode()).isEqualTo(200);
            app.assertResponsive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void jdk21PlusTargetWithoutTheFlagGetsAWarningAndTheAgentAnyway(Jdk jdk) {
        assumeTrue(jdk.warnsOnDynamicAgents(), "only JDK 21+ warns about dynamically loaded agents");
        Path config = TestConfig.write(dir, "noflag");
        try (ChildJvm app = ChildJvm.start(jdk, dir, Map.of()).awaitReady()) {
            Launcher.Result attach = Launcher.run(jdk, dir, "attach", Long.toString(app.pid()), "config=" + config, "port=0");
            assertThat(attach.exit()).as(attach.toString()).isZero();
            assertThat(attach.stderr()).startsWith("hatch: warning: ").contains("-XX:+EnableDynamicAgentLoading");
            StatusLine status = app.awaitStatusLine();
            assertThat(Http.get(status.resolve("/ops/health"), TestConfig.MONITOR).statusCode()).isEqualTo(200);
            app.assertResponsive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void targetThatRefusesDynamicAgentsIsReportedNotForced(Jdk jdk) {
        assumeTrue(jdk.warnsOnDynamicAgents(), "-XX:-EnableDynamicAgentLoading exists from JDK 21");
        try (ChildJvm app = ChildJvm.start(jdk, dir, Map.of(), "-XX:-EnableDynamicAgentLoading").awaitReady()) {
            Launcher.Result attach = Launcher.run(jdk, dir, "attach", Long.toString(app.pid()), "port=0");
            assertThat(attach.exit()).as(attach.toString()).isEqualTo(1);
            assertThat(attach.stderr()).startsWith("hatch: process " + app.pid() + " was started with -XX:-EnableDynamicAgentLoading")
                    .contains("-javaagent:").hasLineCount(1);
            app.assertResponsive();
            assertThat(app.stderr()).noneMatch(l -> l.startsWith("hatch: "));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void launcherOnAnotherJdkAttachesToo(Jdk target) {
        Jdk launcher = Jdk.list().stream().filter(j -> !j.equals(target)).findFirst().orElseThrow();
        launcher.assumeAvailable();
        Path config = TestConfig.write(dir, "cross");
        String[] flags = target.warnsOnDynamicAgents() ? new String[] {"-XX:+EnableDynamicAgentLoading"} : new String[0];
        try (ChildJvm app = ChildJvm.start(target, dir, Map.of(), flags).awaitReady()) {
            Launcher.Result attach = Launcher.run(launcher, dir, "attach", Long.toString(app.pid()), "config=" + config, "port=0");
            assertThat(attach.exit()).as(attach.toString()).isZero();
            StatusLine status = app.awaitStatusLine();
            assertThat(Http.get(status.resolve("/ops/threads"), TestConfig.MONITOR).body()).contains("order-worker-2");
        }
    }
}
