package dev.hatch.internal.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.OptionalTool;
import dev.hatch.TestEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The web console end to end in real headless Firefox: a real endpoint on port 0 and
 * {@code src/test/firefox/console-firefox.mjs}, which drives Debian's {@code firefox-esr} with
 * Puppeteer over WebDriver BiDi (no geckodriver). The script's checks are listed in the script;
 * its screenshots go to {@code target/console-screenshots-firefox}. Needs {@code firefox-esr},
 * Node.js and npm; {@code npm ci} runs once, when {@code node_modules} is missing.
 */
class ConsoleFirefoxTest {
    private static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
    private static final Path SCRIPT_DIR = Path.of("src", "test", "firefox");
    private static final Path SHOTS = Path.of("target", "console-screenshots-firefox");
    private static final String NEEDLE = "console-firefox-needle";
    private static final long NPM_SECONDS = 180;
    private static final long RUN_SECONDS = 120;

    @Test
    void consoleWorksEndToEndInFirefox() throws Exception {
        OptionalTool.executable(FIREFOX, "apt-get install -y firefox-esr");
        OptionalTool.onPath("node", "apt-get install -y nodejs npm");
        OptionalTool.onPath("npm", "apt-get install -y nodejs npm");
        if (!Files.isDirectory(SCRIPT_DIR.resolve("node_modules"))) {
            Result npm = run(List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"), Map.of(), NPM_SECONDS);
            assertThat(npm.exit).as("npm ci in %s failed:%n%s", SCRIPT_DIR, npm.output).isZero();
        }
        Thread needle = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.park();
            }
        }, NEEDLE);
        needle.setDaemon(true);
        needle.start();
        try (TestEndpoint endpoint = TestEndpoint.start(b -> b.replEnabled(true))) {
            Result node = run(List.of("node", "console-firefox.mjs", endpoint.uri("/ops/console").toString(),
                    SHOTS.toAbsolutePath().toString(), NEEDLE),
                    Map.of("HATCH_TOKEN_ALL", TestEndpoint.ALL, "HATCH_TOKEN_MONITOR", TestEndpoint.MONITOR,
                            "FIREFOX", FIREFOX.toString()),
                    RUN_SECONDS);
            System.out.print(node.output);
            assertThat(node.exit).as("console-firefox.mjs failed:%n%s", node.output).isZero();
        } finally {
            needle.interrupt();
        }
    }

    private record Result(int exit, String output) {
    }

    /** Runs a command in the script's directory; output to a file, killed with its children past the limit. */
    private static Result run(List<String> command, Map<String, String> env, long seconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("hatch-firefox", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(SCRIPT_DIR.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            return done ? new Result(p.exitValue(), text)
                    : new Result(-1, text + "\n" + String.join(" ", command) + ": killed after " + seconds + " s");
        } finally {
            Files.deleteIfExists(out);
        }
    }

}
