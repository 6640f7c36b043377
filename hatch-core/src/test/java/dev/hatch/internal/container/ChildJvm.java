package dev.hatch.internal.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Runs {@link ContainerMemoryProbe} in a child JVM, bounded in time, and parses its snapshots. */
final class ChildJvm {
    private static final long TIMEOUT_SECONDS = 90;

    private ChildJvm() {
    }

    /** This JVM's java, and JDK 25's when installed (an absent row is skipped by the test). */
    static Stream<Arguments> javas() {
        String jdk25Home = System.getProperty("hatch.test.jdk25", "");
        if (jdk25Home.isBlank() || jdk25Home.startsWith("${")) {
            jdk25Home = "/usr/lib/jvm/temurin-25-jdk-amd64";
        }
        return Stream.of(
                Arguments.of("JDK " + Runtime.version().feature() + " (this JVM)", Path.of(System.getProperty("java.home"), "bin", "java")),
                Arguments.of("JDK 25", Path.of(jdk25Home, "bin", "java")));
    }

    /** The probe's snapshots, as JSON trees. */
    static List<JsonNode> run(Path java, Path workDir, String mode, String... jvmFlags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(List.of(jvmFlags));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ContainerMemoryProbe.class.getName(), mode));
        Path output = Files.createTempFile(workDir, "probe", ".out");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("child JVM still running after " + TIMEOUT_SECONDS + " s: " + Files.readString(output));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("child JVM exit; output:%n%s", text).isZero();
            ObjectMapper json = new ObjectMapper();
            List<JsonNode> snapshots = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("SNAPSHOT ")) {
                    snapshots.add(json.readTree(line.substring("SNAPSHOT ".length())));
                }
            }
            return snapshots;
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
