package dev.hatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.OptionalTool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the packaged {@code target/hatch-demo.jar} as a real child process, the way the README
 * tells users to, and talks to both of its ports over HTTP.
 */
class DemoIT {
    private static final Path JAR = Path.of("target", "hatch-demo.jar");
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The JDK running the tests, and JDK 25 (a test on it is skipped where it is missing). */
    static Stream<String> javaHomes() {
        return OptionalTool.jdkHomes();
    }

    @ParameterizedTest
    @MethodSource("javaHomes")
    void demoServesOrdersAndHatchAndStopsCleanly(String javaHome) throws Exception {
        OptionalTool.jdk(javaHome);
        // USER is empty in root shells and many containers: nothing the demo prints may depend on it.
        try (Child demo = Child.start(javaHome, Map.of("USER", ""), "--port", "0", "--hatch-port", "0")) {
            String business = demo.field("business API").replaceFirst("/orders$", "");
            String ops = demo.field("maintenance");
            Path tokenFile = Path.of(demo.field("token file"));
            String token = Files.readString(tokenFile).trim();
            assertThat(tokenFile.getParent().getFileName().toString()).isNotIn("hatch-", "hatch-_");
            assertThat(demo.output()).contains("curl -f -H \"Authorization: Bearer $(cat " + tokenFile + ")\" " + ops + "/health");
            assertThat(demo.field("console")).isEqualTo(ops + "/console");
            HttpResponse<String> console = send("GET", demo.field("console"), null, null);
            assertThat(console.statusCode()).isEqualTo(200);
            assertThat(console.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(demo.output()).contains("(stored heap dumps; removed when the demo stops)");

            HttpResponse<String> created = send("POST", business + "/orders", "{\"sku\":\"SKU-00042\",\"quantity\":2}", null);
            assertThat(created.statusCode()).isEqualTo(201);
            String location = created.headers().firstValue("Location").orElseThrow();
            assertThat(location).matches("/orders/\\d+");
            HttpResponse<String> read = send("GET", business + location, null, null);
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).contains("\"sku\":\"SKU-00042\"", "\"quantity\":2");
            awaitBody(business + location, "\"status\":\"FULFILLED\"");
            assertThat(send("GET", business + "/orders/999999999", null, null).statusCode()).isEqualTo(404);
            assertThat(send("POST", business + "/leak/start?kbPerSecond=0", null, null).statusCode()).isEqualTo(400);

            HttpResponse<String> health = send("GET", ops + "/health", null, token);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"", "\"orders-queue\":{\"status\":\"UP\"", "\"cache\":{\"status\":\"UP\"");
            HttpResponse<String> anonymous = send("GET", ops + "/health", null, null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(send("GET", ops + "/health", null, "not-the-token").statusCode()).isEqualTo(401);
            assertThat(send("GET", ops + "/info", null, token).body()).contains("\"service\":\"hatch-demo\"");
            assertThat(send("GET", ops + "/threads?format=text", null, token).body()).contains("\"order-fulfilment\"");

            // The banner's CLI line, run as printed (from the repository root, where bin/hatch is).
            String cliLine = demo.output().lines().filter(l -> l.startsWith("  bin/hatch ")).findFirst().orElseThrow().strip();
            assertThat(cliLine).startsWith("bin/hatch --url " + ops + " --token-file " + tokenFile + " status");
            ProcessBuilder run = new ProcessBuilder("bash", "-c", cliLine).directory(Path.of("..").toAbsolutePath().normalize().toFile())
                    .redirectErrorStream(true);
            run.environment().put("HATCH_CDS", "off"); // leaves no class-data archive in the home directory
            Process cli = run.start();
            String cliOut = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(cli.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(cli.exitValue()).as(cliOut).isZero();
            assertThat(cliOut).contains(ops, "health   UP");

            // A stored dump lands in the directory the banner names, and goes with the demo.
            Path dumps = Path.of(demo.field("dumps"));
            HttpResponse<String> started = send("POST", ops + "/heapdumps", null, token);
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            awaitBody(ops + "/heapdumps", token, "(?is).*\"state\":\"ready\".*");
            try (Stream<Path> files = Files.walk(dumps)) {
                assertThat(files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".hprof"))).isNotEmpty();
            }

            int exit = demo.stop();
            assertThat(exit).as("SIGTERM ends the JVM after its shutdown hooks").isEqualTo(143);
            assertThat(demo.output()).contains("demo stopped");
            assertThat(tokenFile).as("Hatch deletes its generated token on close").doesNotExist();
            assertThat(dumps).as("the demo removes its dump directory, stored dumps included").doesNotExist();
        }
    }

    @Test
    void pausedFulfilmentTurnsHealthDown() throws Exception {
        try (Child demo = Child.start(System.getProperty("java.home"), Map.of(), "--port", "0", "--hatch-port", "0", "--traffic", "0")) {
            String business = demo.field("business API").replaceFirst("/orders$", "");
            String token = Files.readString(Path.of(demo.field("token file"))).trim();
            assertThat(send("POST", business + "/fulfilment/pause", null, null).statusCode()).isEqualTo(200);
            for (int i = 0; i <= DemoService.BACKLOG_LIMIT; i++) {
                assertThat(send("POST", business + "/orders", null, null).statusCode()).isEqualTo(201);
            }

            HttpResponse<String> health = send("GET", demo.field("maintenance") + "/health", null, token);
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"status\":\"DOWN\"", "is fulfilment paused?");
        }
    }

    @Test
    void configuredTokensReplaceTheGeneratedOne(@TempDir Path dir) throws Exception {
        String token = "demo-it-token-0123456789abcdef";
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        Path config = dir.resolve("hatch.properties");
        Files.writeString(config, "hatch.port=0\nhatch.token.oncall=sha256:" + sha + "\nhatch.token.oncall.scopes=monitor\n");

        try (Child demo = Child.start(System.getProperty("java.home"), Map.of("HATCH_CONFIG", config.toString()), "--port", "0")) {
            assertThat(demo.output()).contains("tokens         configured in " + config).doesNotContain("token file")
                    .contains("(hatch.dump.dir: stored heap dumps stay there when the demo stops)")
                    .contains("  bin/hatch --url " + demo.field("maintenance") + " status ");
            String ops = demo.field("maintenance");
            assertThat(send("GET", ops + "/health", null, token).statusCode()).isEqualTo(200);
            assertThat(send("GET", ops + "/heapdump", null, token).statusCode()).as("monitor scope only").isEqualTo(403);
        }
    }

    @Test
    void aMissingConfigFileStopsTheDemoWithTheReason(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.properties");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(),
                "--port", "0", "--hatch-port", "0", "--hatch-config", missing.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        try {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exits on its own").isTrue();
            assertThat(p.exitValue()).isEqualTo(2);
            assertThat(Files.readString(dir.resolve("out.txt")))
                    .contains("hatch-demo: cannot start: configuration file " + missing + " does not exist")
                    .doesNotContain("demo ready", "\tat ");
        } finally {
            p.destroyForcibly();
        }
    }

    private HttpResponse<String> send(String method, String url, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitBody(String url, String token, String regex) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String body = "";
        while (System.nanoTime() < deadline) {
            body = send("GET", url, null, token).body();
            if (body.matches(regex)) {
                return;
            }
            Thread.sleep(200);
        }
        assertThat(body).as("within 120 s").matches(regex);
    }

    private void awaitBody(String url, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String body = "";
        while (System.nanoTime() < deadline) {
            body = send("GET", url, null, null).body();
            if (body.contains(expected)) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(body).as("within 10 s").contains(expected);
    }

    /** The demo as a child JVM; stdout and stderr are collected, and the process dies with the test. */
    static final class Child implements AutoCloseable {
        private static final long START_SECONDS = 60;
        private final Process process;
        private final StringBuffer output = new StringBuffer();
        private final Thread reader;

        private Child(Process process) {
            this.process = process;
            this.reader = new Thread(this::drain, "demo-it-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(String javaHome, Map<String, String> env, String... args) throws Exception {
            assertThat(JAR).as("run mvn package first").exists();
            List<String> command = new ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString(), "-Xmx256m", "-jar", JAR.toString()));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().remove("HATCH_PORT");
            pb.environment().remove("HATCH_CONFIG");
            pb.environment().putAll(env);
            Child child = new Child(pb.start());
            try {
                child.awaitReady();
            } catch (Throwable t) {
                child.close();
                throw t;
            }
            return child;
        }

        private void drain() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                // the process is gone; what was read is kept
            }
        }

        private void awaitReady() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
            while (!output.toString().contains("demo ready\n")) {
                assertThat(process.isAlive()).as("the demo exited early:\n%s", output).isTrue();
                assertThat(System.nanoTime()).as("no 'demo ready' within %d s:\n%s", START_SECONDS, output).isLessThan(deadline);
                Thread.sleep(50);
            }
        }

        /** The value printed after a banner label such as {@code maintenance}. */
        String field(String label) {
            Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(label) + " +(\\S+)$").matcher(output.toString());
            assertThat(m.find()).as("'%s' in the banner:\n%s", label, output).isTrue();
            return m.group(1);
        }

        String output() {
            return output.toString();
        }

        /** Sends SIGTERM and waits (bounded) for the exit; returns the exit status. */
        int stop() throws InterruptedException {
            // Process.destroy() would also close our end of the output pipe, so the lines the
            // shutdown hook prints would be lost; the handle sends the same SIGTERM and leaves it open.
            process.toHandle().destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("the demo exits within 20 s of SIGTERM:\n%s", output).isTrue();
            reader.join(5000);
            return process.exitValue();
        }

        /**
         * Ends the process if it still runs: SIGTERM first, so that Hatch deletes its token file,
         * then SIGKILL after 10 s. Waits at most 20 s in all.
         */
        @Override
        public void close() {
            try {
                if (process.isAlive()) {
                    process.toHandle().destroy();
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
