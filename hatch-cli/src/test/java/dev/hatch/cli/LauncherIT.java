package dev.hatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.OptionalTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code bin/hatch} as people run it: the first run records a class-data-sharing archive in the
 * cache directory, later runs load hatch's own classes from it (on JDK 17 and 25).
 */
class LauncherIT {
    static Stream<String> jdks() {
        return OptionalTool.jdkHomes();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theSecondRunLoadsHatchsClassesFromTheArchiveTheFirstRunMade(String javaHome) throws Exception {
        OptionalTool.jdk(javaHome);
        Path dir = Files.createTempDirectory("hatch-launcher-it");
        try (Endpoint endpoint = Endpoint.start()) {
            Path cache = dir.resolve("cache");
            String[] status = {"--url", endpoint.url(), "status"};
            Run first = launcher(javaHome, cache, null, status);
            assertThat(first.exit()).as(first.output()).isZero();
            assertThat(first.output()).contains("health   UP");
            List<Path> archives;
            try (Stream<Path> s = Files.list(cache.resolve("hatch"))) {
                archives = s.toList();
            }
            assertThat(archives).as("one archive, nothing half-written left").hasSize(1);
            assertThat(archives.get(0).getFileName().toString()).matches("hatch-\\d+\\.jsa");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archives.get(0)))).isEqualTo("rw-------");

            Path classes = dir.resolve("classes.log");
            Run second = launcher(javaHome, cache, "-Xlog:class+load=info:file=" + classes, status);
            assertThat(second.exit()).as(second.output()).isZero();
            assertThat(second.output()).contains("health   UP");
            assertThat(Files.readString(classes)).containsPattern("dev\\.hatch\\.cli\\.Main source: shared objects file")
                    .containsPattern("dev\\.hatch\\.cli\\.StatusCommand source: shared objects file");

            // A collector chosen in HATCH_JAVA_OPTS replaces the launcher's (two would stop the JVM).
            Run g1 = launcher(javaHome, cache, "-XX:+UseG1GC", status);
            assertThat(g1.exit()).as(g1.output()).isZero();
            assertThat(g1.output()).contains("health   UP");

        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    record Run(int exit, String output) {
    }

    private static Run launcher(String javaHome, Path cache, String javaOpts, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(System.getProperty("hatch.launcher", "../bin/hatch")));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("HATCH_"));
        pb.environment().put("HATCH_TOKEN", Endpoint.MONITOR);
        pb.environment().put("JAVA_HOME", javaHome);
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        if (javaOpts != null) {
            pb.environment().put("HATCH_JAVA_OPTS", javaOpts);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/hatch did not finish in 120 s");
        }
        return new Run(p.exitValue(), out);
    }
}
