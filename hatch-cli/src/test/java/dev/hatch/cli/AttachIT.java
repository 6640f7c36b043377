package dev.hatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.OptionalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code hatch attach PID}: loads the agent into a child JVM, on JDK 17 and JDK 25; then the CLI talks to it. */
class AttachIT {
    private static final Pattern ANNOUNCED = Pattern.compile("hatch: maintenance endpoint at (http://127\\.0\\.0\\.1:\\d+/ops)");

    @TempDir
    Path dir;

    static Stream<String> jdks() {
        return OptionalTool.jdkHomes();
    }

    private static Path agentJar() throws IOException {
        Path jar = Path.of(System.getProperty("hatch.agent.jar", "../hatch-agent/target/hatch-agent.jar"));
        OptionalTool.need(Files.isRegularFile(jar), "hatch-agent.jar (" + jar + ")",
                "./mvnw -B package -pl hatch-agent -am -DskipTests (the whole build makes it before hatch-cli)");
        return jar;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void attachLoadsTheAgentAndTheCliTalksToIt(String javaHome) throws Exception {
        Path agent = agentJar();
        String java = Path.of(javaHome, "bin", "java").toString();
        OptionalTool.jdk(javaHome);
        Path config = Files.writeString(dir.resolve("hatch.properties"), String.join("\n",
                "hatch.token.ops=" + Endpoint.spec(Endpoint.MONITOR), "hatch.token.ops.scopes=monitor",
                "hatch.audit.file=" + dir.resolve("audit.jsonl"), ""));
        Path childErr = dir.resolve("child.err");
        String classes = Path.of(Sleeper.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process child = new ProcessBuilder(java, "-cp", classes, Sleeper.class.getName())
                .redirectErrorStream(false).redirectError(childErr.toFile()).start();
        try {
            assertThat(new String(child.getInputStream().readNBytes(14))).isEqualTo("sleeper ready\n");
            Cli.Run attach = Cli.runWith(java, Map.of(), "attach", Long.toString(child.pid()), "config=" + config, "port=0",
                    "--agent-jar", agent.toString());
            assertThat(attach.exit()).as(attach.toString()).isZero();

            String url = awaitAnnouncement(childErr);
            Cli.Run status = Cli.runWith(java, Map.of("HATCH_URL", url, "HATCH_TOKEN", Endpoint.MONITOR), "status");
            assertThat(status.exit()).as(status.toString()).isZero();
            assertThat(status.out()).contains("health   UP").contains("pid " + child.pid());
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void attachFindsTheAgentJarInTheSourceTree(String javaHome) throws Exception {
        agentJar();
        String java = Path.of(javaHome, "bin", "java").toString();
        OptionalTool.jdk(javaHome);
        Cli.Run r = Cli.runWith(java, Map.of(), "attach", "999999999");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("no such process: 999999999");
    }

    private static String awaitAnnouncement(Path err) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = ANNOUNCED.matcher(Files.readString(err));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the agent did not announce its endpoint; child stderr:\n" + Files.readString(err));
    }
}
