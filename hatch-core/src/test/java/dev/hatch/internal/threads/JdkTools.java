package dev.hatch.internal.threads;

import dev.hatch.OptionalTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The JDKs the compatibility tests run their child JVMs and the JDK's own tools on. */
final class JdkTools {
    private JdkTools() {
    }

    /** A JDK 17: the one running the tests when it is 17, else {@code hatch.test.jdk17} or Debian's. */
    static Path jdk17() {
        Path home = Runtime.version().feature() == 17 ? Path.of(System.getProperty("java.home"))
                : Path.of(System.getProperty("hatch.test.jdk17", "/usr/lib/jvm/java-17-openjdk-amd64"));
        OptionalTool.need(Files.isExecutable(home.resolve("bin/jstack")), "a JDK 17 with jstack at " + home,
                "openjdk-17-jdk-headless, or -Dhatch.test.jdk17=HOME");
        return home;
    }

    /** The second JDK ({@code -Djdk25.home}, by default Temurin's usual place). */
    static Path jdk25() {
        return OptionalTool.jdk25();
    }

    static Path jdk(String feature) {
        return feature.equals("25") ? jdk25() : jdk17();
    }

    /** Runs a tool of {@code home}'s {@code bin} and returns its standard output; fails on a non-zero exit. */
    static String run(Path home, Path workDir, String tool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin").resolve(tool).toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, tool, ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(tool + " did not finish within 120 s");
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(cmd + " exited " + p.exitValue() + ": " + text);
        }
        return text;
    }
}
