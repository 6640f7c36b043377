package dev.hatch.agent;

import dev.hatch.OptionalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A JDK the black-box tests run the program (and the attach command) on: the one running the
 * tests (17 here) and the one named by the {@code hatch.test.jdk25} system property.
 */
record Jdk(String name, Path java) {

    /** Every JDK to test on; one whose {@code java} is missing is kept and skipped by {@link #assumeAvailable()}. */
    static Stream<Jdk> all() {
        return list().stream();
    }

    static List<Jdk> list() {
        Jdk current = new Jdk("jdk" + Runtime.version().feature(), Path.of(System.getProperty("java.home"), "bin", "java"));
        return List.of(current, new Jdk("jdk25", OptionalTool.jdk25Home().resolve("bin").resolve("java")));
    }

    boolean available() {
        return Files.isExecutable(java);
    }

    /** Skips the calling test when this JDK is not installed (fails it when tools are required). */
    void assumeAvailable() {
        if (!available()) {
            OptionalTool.jdk25();
        }
    }

    /** Whether this JDK warns about agents loaded at run time (JDK 21+, JEP 451). */
    boolean warnsOnDynamicAgents() {
        return !name.equals("jdk17");
    }

    @Override
    public String toString() {
        return name;
    }
}
