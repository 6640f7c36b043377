package dev.hatch;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Tools some tests need that a fresh machine with only a JDK lacks: a browser, {@code promtool},
 * Node.js, tmux, a second JDK. Where one is missing the test is skipped with one line that names
 * the package to install; under {@code -Dhatch.optional-tools=required} (what {@code .ci/run}
 * passes) a missing tool fails the test instead, so CI never goes green with them skipped.
 */
public final class OptionalTool {
    /** The system property that decides: {@code skip} (the default) or {@code required}. */
    public static final String PROPERTY = "hatch.optional-tools";

    private OptionalTool() {
    }

    /** Whether a missing tool fails the test rather than skipping it. */
    public static boolean required() {
        String mode = System.getProperty(PROPERTY, "skip").strip();
        if (!mode.equals("skip") && !mode.equals("required") && !mode.isEmpty()) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be skip or required, not '" + mode + "'");
        }
        return mode.equals("required");
    }

    /**
     * Goes on when {@code present}; otherwise skips the calling test (or fails it when tools are
     * required) with a line naming {@code what} is missing and how to {@code install} it.
     */
    public static void need(boolean present, String what, String install) {
        if (present) {
            return;
        }
        String line = what + " is missing; install it with: " + install;
        if (required()) {
            throw new AssertionError(line + " (-D" + PROPERTY + "=required: a missing tool fails the build)");
        }
        System.out.println("hatch tests: SKIPPED: " + line);
        assumeTrue(false, line);
    }

    /** Needs an executable file at {@code path}. */
    public static Path executable(Path path, String install) {
        need(Files.isExecutable(path), path.toString(), install);
        return path;
    }

    /** Needs a command on the {@code PATH}; returns where it was found. */
    public static Path onPath(String command, String install) {
        Optional<Path> found = findOnPath(command);
        need(found.isPresent(), command + " (on the PATH)", install);
        return found.orElseThrow();
    }

    /** Where {@code command} is on the {@code PATH}, if anywhere. */
    public static Optional<Path> findOnPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, command);
                if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The second JDK the multi-JDK tests run on: {@code -Djdk25.home} (passed to the tests as
     * {@code hatch.test.jdk25}), by default {@code /usr/lib/jvm/temurin-25-jdk-amd64}.
     */
    public static Path jdk25Home() {
        return Path.of(System.getProperty("hatch.test.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
    }

    /** The JDK homes black-box tests run on: the one running the tests, and JDK 25. */
    public static java.util.stream.Stream<String> jdkHomes() {
        return java.util.stream.Stream.of(System.getProperty("java.home"), jdk25Home().toString());
    }

    /** Needs {@code javaHome} (one of {@link #jdkHomes()}): the running JDK is always there. */
    public static void jdk(String javaHome) {
        if (!javaHome.equals(System.getProperty("java.home"))) {
            jdk25();
        }
    }

    /** Needs the second JDK; returns its home. */
    public static Path jdk25() {
        Path home = jdk25Home();
        need(Files.isExecutable(home.resolve("bin").resolve("java")), "JDK 25 at " + home,
                "a JDK 25 (for example Eclipse Temurin 25) at that path, or point -Djdk25.home=... at one");
        return home;
    }
}
