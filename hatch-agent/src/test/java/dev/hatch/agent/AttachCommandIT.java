package dev.hatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The attach command's mistakes end in one clear line and an exit status, without touching the target. */
class AttachCommandIT {
    private static final String JDKS = "dev.hatch.agent.Jdk#all";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void helpPrintsTheUsage(Jdk jdk) {
        jdk.assumeAvailable();
        Launcher.Result help = Launcher.run(jdk, dir, "--help");
        assertThat(help.exit()).as(help.toString()).isZero();
        assertThat(help.stdout()).contains("attach PID [OPTIONS]", "config=", "port=", "host=");
        Launcher.Result none = Launcher.run(jdk, dir);
        assertThat(none.exit()).as(none.toString()).isEqualTo(2);
        assertThat(none.stderr()).contains("attach PID [OPTIONS]");
        Launcher.Result unknown = Launcher.run(jdk, dir, "detach");
        assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.stderr()).isEqualTo("hatch: unknown command 'detach'; run java -jar hatch-agent.jar --help\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void badArgumentsAreUsageErrors(Jdk jdk) {
        jdk.assumeAvailable();
        String self = Long.toString(ProcessHandle.current().pid());
        assertUsageError(Launcher.run(jdk, dir, "attach"), "needs a process id");
        assertUsageError(Launcher.run(jdk, dir, "attach", "abc"), "'abc' is not a process id");
        assertUsageError(Launcher.run(jdk, dir, "attach", self, "porx=1"), "unknown agent option 'porx'");
        assertUsageError(Launcher.run(jdk, dir, "attach", self, "port=99999"), "between 0 and 65535");
        assertUsageError(Launcher.run(jdk, dir, "attach", self, "port=1,port=2"), "given twice");
    }

    private static void assertUsageError(Launcher.Result r, String message) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).as(r.toString()).startsWith("hatch: ").contains(message).hasLineCount(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void missingProcessSaysSo(Jdk jdk) {
        jdk.assumeAvailable();
        Launcher.Result r = Launcher.run(jdk, dir, "attach", Integer.toString(Integer.MAX_VALUE));
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderr()).isEqualTo("hatch: no such process: " + Integer.MAX_VALUE + "\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void missingConfigurationFileIsOnlyAWarningHere(Jdk jdk) {
        jdk.assumeAvailable();
        Launcher.Result r = Launcher.run(jdk, dir, "attach", Integer.toString(Integer.MAX_VALUE), "config=nope.properties");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderr()).startsWith("hatch: warning: configuration file " + dir.toAbsolutePath().resolve("nope.properties")
                + " does not exist here").endsWith("hatch: no such process: " + Integer.MAX_VALUE + "\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void nonJavaProcessIsLeftAlone(Jdk jdk) throws Exception {
        jdk.assumeAvailable();
        assumeTrue(Files.isExecutable(Path.of("/bin/sleep")) && Files.isDirectory(Path.of("/proc/self")), "needs /bin/sleep and /proc");
        Process sleep = new ProcessBuilder("/bin/sleep", "60").start();
        try {
            Launcher.Result r = Launcher.run(jdk, dir, "attach", Long.toString(sleep.pid()));
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.stderr()).contains("does not look like a Java VM").hasLineCount(1);
            assertThat(sleep.isAlive()).as("the attach handshake's SIGQUIT would have killed it").isTrue();
        } finally {
            sleep.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void anotherUsersProcessIsNotPermitted(Jdk jdk) {
        jdk.assumeAvailable();
        assumeTrue("root".equals(ProcessHandle.current().info().user().orElse("")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root and setpriv to run the command as another user");
        // As "nobody", attach to pid 1, which belongs to root.
        Launcher.Result r = Launcher.exec(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                jdk.java().toString(), "-XX:-UsePerfData", "-jar", ChildJvm.agentJar().toString(), "attach", "1"), dir);
        assumeTrue(!r.stderr().contains("Permission denied") && !r.stderr().contains("Unable to access jarfile"),
                "nobody cannot run the agent jar here: " + r);
        assertThat(r.exit()).as(r.toString()).isEqualTo(4);
        assertThat(r.stderr()).startsWith("hatch: attach not permitted: process 1 runs as root").hasLineCount(1);
    }
}
