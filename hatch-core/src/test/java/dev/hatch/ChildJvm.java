package dev.hatch;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@link ChildApp} in a child JVM of the same JDK as the test (or another), with the test class path. */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ChildJvm(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    static ChildJvm start(Path dir, Map<String, String> env, List<String> jvmArgs, String... appArgs) throws Exception {
        return start(Path.of(System.getProperty("java.home")), dir, env, jvmArgs, appArgs);
    }

    /** Starts {@link ChildApp} with the {@code java} of {@code javaHome}. */
    public static ChildJvm start(Path javaHome, Path dir, Map<String, String> env, List<String> jvmArgs, String... appArgs)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin").resolve("java").toString());
        cmd.add("-Xmx128m");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ChildApp.class.getName());
        cmd.add(dir.toString());
        cmd.addAll(List.of(appArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("READY ")) {
                        return line.substring(6).trim();
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String port = null;
        try {
            port = ready.get(60, TimeUnit.SECONDS);
        } finally {
            if (port == null) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (port == null) {
            throw new AssertionError("child JVM did not start: " + Files.readString(dir.resolve("stderr.txt")));
        }
        return new ChildJvm(p, Integer.parseInt(port), dir);
    }

    public HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return client.send(request(path, token), HttpResponse.BodyHandlers.ofString());
    }

    /** POST without a body. */
    public HttpResponse<String> post(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET with the body as bytes (a {@code .jfr}, a heap dump). */
    public HttpResponse<byte[]> getBytes(String path, String token) throws IOException, InterruptedException {
        return client.send(request(path, token), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.GET().build();
    }

    int port() {
        return port;
    }

    /** The child's process id, for the JDK's own tools ({@code jstack}, {@code jcmd}). */
    public long pid() {
        return process.pid();
    }

    public Path directory() {
        return dir;
    }

    /** What the child wrote to its standard error so far. */
    public String stderr() throws IOException {
        return Files.readString(dir.resolve("stderr.txt"));
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
