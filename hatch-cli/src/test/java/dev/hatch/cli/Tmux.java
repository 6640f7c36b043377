package dev.hatch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Drives a program in a real pseudo-terminal through tmux: type keys, read the screen. */
final class Tmux implements AutoCloseable {
    private final String socket = "hatch-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private final String session = "repl";

    /** Starts {@code command} (a shell command line) in a 160x50 terminal; the pane stays after it ends. */
    Tmux(String command) throws IOException, InterruptedException {
        tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "50", command + "; echo \"EXITED $?\"; sleep 120");
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Types text literally. */
    void type(String text) throws IOException, InterruptedException {
        // tmux reads an argument ending in ';' as a command separator unless it is escaped.
        tmux("send-keys", "-t", session, "-l", text.endsWith(";") ? text.substring(0, text.length() - 1) + "\\;" : text);
    }

    /** Presses keys by tmux name: Enter, C-a, Left, Up, C-c, C-d. */
    void keys(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
        args.addAll(List.of(keys));
        tmux(args.toArray(new String[0]));
    }

    /** The visible screen and scroll-back. */
    String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", session);
    }

    /** Waits until the screen satisfies the condition; fails with the screen after the time limit. */
    String await(Predicate<String> condition, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String s = screen();
        while (!condition.test(s)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; the screen:\n" + s);
            }
            Thread.sleep(100);
            s = screen();
        }
        return s;
    }

    /** Waits until the screen shows {@code text} at least {@code times} times. */
    String awaitCount(String text, int times) throws IOException, InterruptedException {
        return await(s -> count(s, text) >= times, times + "x '" + text + "'");
    }

    static int count(String s, String text) {
        int n = 0;
        for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + 1)) {
            n++;
        }
        return n;
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        try {
            tmux("kill-server");
        } catch (IOException e) {
            // already gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
