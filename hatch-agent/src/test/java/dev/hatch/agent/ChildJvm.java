package dev.hatch.agent;

import static org.assertj.core.api.Assertions.fail;

import dev.hatch.agent.testapp.PlainApp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real child JVM running {@link PlainApp}, with its output captured line by line. Every wait
 * is bounded; {@link #close()} ends the program (standard input closed, then killed if needed).
 */
final class ChildJvm implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);

    private final Process process;
    private final List<String> command;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final OutputStream stdin;
    private int pings;
    private int exitStatus = -1;

    private ChildJvm(Process process, List<String> command) {
        this.process = process;
        this.command = List.copyOf(command);
        this.stdin = process.getOutputStream();
        pump(process.getInputStream(), out, "out");
        pump(process.getErrorStream(), err, "err");
    }

    /** Starts {@code PlainApp} on the given JDK with extra JVM options; {@code java.io.tmpdir} is {@code tmp}. */
    static ChildJvm start(Jdk jdk, Path tmp, Map<String, String> environment, String... jvmOptions) {
        return start(jdk, tmp, environment, List.of(jvmOptions), testClasses().toString(), PlainApp.class.getName(), List.of());
    }

    /** Starts {@code mainClass} from the given class path (nothing else on it) with JVM options and program arguments. */
    static ChildJvm start(Jdk jdk, Path tmp, Map<String, String> environment, List<String> jvmOptions, String classPath,
                          String mainClass, List<String> args) {
        jdk.assumeAvailable();
        List<String> command = new ArrayList<>();
        command.add(jdk.java().toString());
        command.add("-Xmx128m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Djava.io.tmpdir=" + tmp);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("HATCH_CONFIG");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().putAll(environment);
        try {
            return new ChildJvm(pb.start(), command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path testClasses() {
        try {
            return Path.of(PlainApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code -javaagent} option for the packaged agent jar with the given options. */
    static String agent(String options) {
        return "-javaagent:" + agentJar() + (options.isEmpty() ? "" : "=" + options);
    }

    static Path agentJar() {
        String jar = System.getProperty("hatch.agent.jar", "target/hatch-agent.jar");
        return Path.of(jar).toAbsolutePath();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the program's {@code READY} line. */
    ChildJvm awaitReady() {
        awaitOut(l -> l.startsWith("READY"));
        return this;
    }

    /** Sends {@code ping} and waits for the answer: the program's own work goes on. */
    void assertResponsive() {
        try {
            stdin.write("ping\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            fail("the program no longer reads its input: " + e + "\n" + output());
        }
        int expected = ++pings;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (out.stream().filter(l -> l.startsWith("PONG")).count() < expected) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                fail("no PONG from the program\n" + output());
            }
            sleep();
        }
    }

    String awaitOut(Predicate<String> match) {
        return await(out, match, "standard output");
    }

    String awaitErr(Predicate<String> match) {
        return await(err, match, "standard error");
    }

    /** The first line on standard error that starts with {@code hatch: }. */
    String awaitHatchLine() {
        return awaitErr(l -> l.startsWith("hatch: "));
    }

    /** The agent's status line, parsed. */
    StatusLine awaitStatusLine() {
        return StatusLine.parse(awaitErr(l -> l.startsWith("hatch: ")), output());
    }

    private String await(List<String> lines, Predicate<String> match, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (String line : lines) {
                if (match.test(line)) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline) {
                fail("no matching line on " + what + " within " + WAIT.toSeconds() + " s\n" + output());
            }
            if (!process.isAlive()) {
                sleep();
                for (String line : lines) {
                    if (match.test(line)) {
                        return line;
                    }
                }
                fail("the program exited (" + process.exitValue() + ") without a matching line on " + what + "\n"
                        + "command: " + String.join(" ", command) + "\n" + output());
            }
            sleep();
        }
    }

    List<String> stderr() {
        return List.copyOf(err);
    }

    String output() {
        return "--- stdout of pid " + process.pid() + "\n" + String.join("\n", out)
                + "\n--- stderr\n" + String.join("\n", err) + "\n---";
    }

    /** Closes standard input and waits for a normal exit; returns the exit status (-1 if it had to be killed). */
    int stop() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (process.waitFor(10, TimeUnit.SECONDS)) {
                exitStatus = process.exitValue();
                return exitStatus;
            }
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return -1;
    }

    /** The exit status once the program has ended, -1 if it had to be killed. */
    int exitStatus() {
        return exitStatus;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    private static void pump(InputStream in, List<String> lines, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "child-" + name);
        t.setDaemon(true);
        t.start();
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
