package dev.hatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hatch.Hprof;
import dev.hatch.JsonTree;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent in a plain program that knows nothing of Hatch, seen from outside: one child JVM
 * per JDK, started with {@code -javaagent}, shared by these read-only checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentEndpointIT {
    private static final String JDKS = "dev.hatch.agent.Jdk#all";

    @TempDir
    static Path dir;

    private final Map<String, Running> running = new LinkedHashMap<>();
    private final List<ChildJvm> children = new ArrayList<>();

    /** One program with the agent, and where its endpoint is. */
    record Running(ChildJvm child, StatusLine status, Path dumpDir) {
    }

    @BeforeAll
    void startPrograms() {
        Map<String, ChildJvm> started = new LinkedHashMap<>();
        for (Jdk jdk : Jdk.list()) {
            if (jdk.available()) {
                Path config = TestConfig.write(dir, jdk.name());
                ChildJvm child = ChildJvm.start(jdk, dir, Map.of(), ChildJvm.agent("config=" + config + ",port=0"));
                children.add(child);
                started.put(jdk.name(), child);
            }
        }
        for (Map.Entry<String, ChildJvm> e : started.entrySet()) {
            ChildJvm child = e.getValue();
            running.put(e.getKey(), new Running(child.awaitReady(), child.awaitStatusLine(), TestConfig.dumpDir(dir, e.getKey())));
        }
    }

    @AfterAll
    void stopPrograms() {
        List<String> problems = new ArrayList<>();
        children.forEach(ChildJvm::close);
        for (Map.Entry<String, Running> e : running.entrySet()) {
            int exit = e.getValue().child().exitStatus();
            if (exit != 0) {
                problems.add(e.getKey() + ": the program did not exit normally with the agent inside (" + exit + ")\n"
                        + e.getValue().child().output());
            }
            List<String> left = list(e.getValue().dumpDir());
            if (!left.isEmpty()) {
                problems.add(e.getKey() + ": files left in the dump directory: " + left);
            }
        }
        assertThat(problems).isEmpty();
    }

    private Running on(Jdk jdk) {
        jdk.assumeAvailable();
        Running r = running.get(jdk.name());
        assertThat(r).as("program on " + jdk).isNotNull();
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void everyPathAnswers401WithoutAValidToken(Jdk jdk) {
        StatusLine s = on(jdk).status();
        for (String path : List.of("/ops", "/ops/threads", "/ops/heapdump", "/ops/nope", "/admin", "/")) {
            for (String token : Stream.of(null, "wrong-token-123", TestConfig.MONITOR + "x").toList()) {
                HttpResponse<String> r = Http.get(s.resolve(path), token);
                assertThat(r.statusCode()).as("%s with token %s", path, token).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).as("%s challenge", path)
                        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void unknownRouteIs404ForAnAuthenticatedCaller(Jdk jdk) {
        StatusLine s = on(jdk).status();
        assertThat(Http.get(s.resolve("/ops/nope"), TestConfig.MONITOR).statusCode()).isEqualTo(404);
        assertThat(Http.get(s.resolve("/admin"), TestConfig.MONITOR).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void tokenWithoutTheScopeGets403ProblemJson(Jdk jdk) {
        HttpResponse<String> r = Http.get(on(jdk).status().resolve("/ops/heapdump"), TestConfig.MONITOR);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        Map<String, Object> problem = JsonTree.parse(r.body());
        assertThat(problem).containsKeys("title", "status", "detail");
        assertThat(((Number) problem.get("status")).intValue()).isEqualTo(403);
        assertThat((String) problem.get("detail")).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void endpointRunsInsideTheProgram(Jdk jdk) {
        Running r = on(jdk);
        HttpResponse<String> info = Http.get(r.status().resolve("/ops/info"), TestConfig.MONITOR);
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(((Number) JsonTree.parse(info.body()).get("pid")).longValue()).isEqualTo(r.child().pid());
        r.child().assertResponsive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void threadDumpNamesTheProgramsThreads(Jdk jdk) {
        StatusLine s = on(jdk).status();
        HttpResponse<String> json = Http.get(s.resolve("/ops/threads"), TestConfig.MONITOR);
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(JsonTree.value(json.body())).isNotNull();
        assertThat(json.body()).contains("\"order-worker-1\"", "\"order-worker-2\"", "\"main\"");

        HttpResponse<String> text = Http.get(s.resolve("/ops/threads?format=text"), TestConfig.MONITOR);
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(text.body()).contains("\"order-worker-1\"", "\"order-worker-2\"", "java.lang.Thread.State");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void heapDumpIsAValidHprofAndLeavesNothingOnDisk(Jdk jdk) throws IOException {
        Running r = on(jdk);
        HttpResponse<InputStream> res = Http.stream(r.status().resolve("/ops/heapdump"), TestConfig.DUMP);
        Hprof.Summary hprof;
        try (InputStream body = res.body()) {
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
            assertThat(res.headers().firstValue("Content-Disposition"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("attachment").contains(".hprof\""));
            hprof = Hprof.read(body);
        }
        assertValidDump(hprof, res.headers().firstValueAsLong("Content-Length").orElse(-1));
        assertDumpDirectoryEmpties(r.dumpDir());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void gzipHeapDumpIsAValidHprofGz(Jdk jdk) throws IOException {
        Running r = on(jdk);
        HttpResponse<InputStream> res = Http.stream(r.status().resolve("/ops/heapdump?gzip=true"), TestConfig.DUMP);
        Hprof.Summary hprof;
        try (InputStream body = res.body()) {
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("Content-Disposition"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("attachment").contains(".hprof.gz\""));
            hprof = Hprof.read(new GZIPInputStream(body));
        }
        assertValidDump(hprof, -1);
        assertDumpDirectoryEmpties(r.dumpDir());
    }

    private static void assertValidDump(Hprof.Summary hprof, long contentLength) {
        assertThat(hprof.timestamp()).as("dump timestamp").isBetween(System.currentTimeMillis() - 3_600_000, System.currentTimeMillis() + 60_000);
        assertThat(hprof.count(Hprof.UTF8)).isPositive();
        assertThat(hprof.count(Hprof.LOAD_CLASS)).isPositive();
        assertThat(hprof.count(Hprof.HEAP_DUMP) + hprof.count(Hprof.HEAP_DUMP_SEGMENT)).isPositive();
        if (hprof.count(Hprof.HEAP_DUMP_SEGMENT) > 0) {
            assertThat(hprof.lastTag()).as("a segmented dump ends with HEAP DUMP END").isEqualTo(Hprof.HEAP_DUMP_END);
        }
        assertThat(hprof.hasString("dev/hatch/agent/testapp/PlainApp$Order")).as("the program's own class is in the dump").isTrue();
        if (contentLength >= 0) {
            assertThat(hprof.bytes()).isEqualTo(contentLength);
        }
    }

    /** The dump file is deleted right after the last byte is sent; allow the server a moment. */
    private static void assertDumpDirectoryEmpties(Path dumpDir) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!list(dumpDir).isEmpty() && System.nanoTime() < deadline) {
            pause();
        }
        assertThat(list(dumpDir)).as("files left in " + dumpDir).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void listensOnLoopbackOnly(Jdk jdk) throws IOException {
        int port = on(jdk).status().port();
        Path tcp = Path.of("/proc/net/tcp");
        assumeTrue(Files.isReadable(tcp), "no /proc/net/tcp on this system");
        List<String> listening = listeners(tcp, port);
        listening.addAll(listeners(Path.of("/proc/net/tcp6"), port));
        assertThat(listening).as("listening sockets on port %d", port).containsExactly("0100007F");

        Optional<InetAddress> external = nonLoopbackAddress();
        assumeTrue(external.isPresent(), "this machine has no non-loopback address to try");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(external.get(), port), 2000);
            throw new AssertionError("connected to " + external.get() + ":" + port + "; the endpoint must listen on loopback only");
        } catch (ConnectException | SocketTimeoutException expected) {
            // refused: nothing listens there
        }
    }

    /**
     * Local addresses (hex, as the kernel writes them: 0100007F is 127.0.0.1) of the sockets in
     * LISTEN state (0A) on the port, IPv4-mapped IPv6 addresses shown as their IPv4 part.
     */
    private static List<String> listeners(Path table, int port) throws IOException {
        List<String> found = new ArrayList<>();
        if (!Files.isReadable(table)) {
            return found;
        }
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String line : Files.readAllLines(table)) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[1].endsWith(":" + hexPort) && f[3].equals("0A")) {
                String address = f[1].substring(0, f[1].indexOf(':'));
                // Java listens on a dual-stack IPv6 socket; 127.0.0.1 then shows as ::ffff:127.0.0.1.
                found.add(address.startsWith("0000000000000000FFFF0000") ? address.substring(24) : address);
            }
        }
        return found;
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        InetAddress v6 = null;
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()) {
                    continue;
                }
                if (a instanceof Inet4Address) {
                    return Optional.of(a);
                }
                if (a instanceof Inet6Address && v6 == null) {
                    v6 = a;
                }
            }
        }
        return Optional.ofNullable(v6);
    }

    static List<String> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        // Regular files only: the empty stored/ directory for stored dumps is expected.
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of("cannot list " + dir + ": " + e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
