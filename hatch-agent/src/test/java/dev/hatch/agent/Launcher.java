package dev.hatch.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar hatch-agent.jar ARGS} as a real process, bounded to 30 s. */
final class Launcher {

    /** What the command did. */
    record Result(int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr + "---";
        }
    }

    private Launcher() {
    }

    static Result run(Jdk jdk, Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(jdk.java().toString());
        command.add("-jar");
        command.add(ChildJvm.agentJar().toString());
        command.addAll(List.of(args));
        return exec(command, workDir);
    }

    static Result exec(List<String> command, Path workDir) {
        try {
            Path out = Files.createTempFile(workDir, "launcher", ".out");
            Path err = Files.createTempFile(workDir, "launcher", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            pb.environment().remove("HATCH_CONFIG");
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().remove("JDK_JAVA_OPTIONS");
            Process p = pb.start();
            p.getOutputStream().close();
            try {
                if (!p.waitFor(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError("still running after " + ChildJvm.WAIT.toSeconds() + " s: " + command);
                }
            } finally {
                p.destroyForcibly();
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
