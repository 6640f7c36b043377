package dev.hatch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code hatch.jar} as a child process, as a person or a script would. */
final class Cli {
    /** What a run printed and returned. */
    record Run(int exit, String out, String err) {
        /** The one-line reason on standard error. */
        String reason() {
            return err.strip();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    static Path jar() {
        String p = System.getProperty("hatch.cli.jar");
        if (p == null) {
            throw new IllegalStateException("hatch.cli.jar is not set: run the ITs through Maven (failsafe) after package");
        }
        return Path.of(p);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A token file readable by its owner only. */
    static Path tokenFile(Path dir, String token) throws IOException {
        Path f = Files.createTempFile(dir, "token", ".txt", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(f, token + "\n");
        return f;
    }

    /** Runs {@code java -jar hatch.jar ARGS} with the given extra environment (HATCH_* of this JVM removed). */
    static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return runWith(java(), env, args);
    }

    static Run run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    static Run runWith(String java, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("HATCH_"));
        pb.environment().putAll(new HashMap<>(env));
        Path out = Files.createTempFile("hatch-cli-out", ".txt");
        Path err = Files.createTempFile("hatch-cli-err", ".txt");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("hatch " + String.join(" ", args) + " did not finish in 180 s");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
