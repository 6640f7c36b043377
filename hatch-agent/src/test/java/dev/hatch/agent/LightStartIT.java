package dev.hatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the agent's light start loads before the first request, watched with
 * {@code -Xlog:class+load} in a child JVM running the packaged agent jar. Each of these was a
 * measured share of the start's resident memory and CPU (docs/performance.md):
 * <ul>
 *   <li>no class spun for Hatch: on JDK 24+ a lambda or an invokedynamic string concatenation
 *       spins a hidden class through the class-file API, whose compilation alone took 7.6 MB;</li>
 *   <li>no {@code java.util.logging}: looking a logger up initialises it;</li>
 *   <li>no {@code java.util.regex};</li>
 *   <li>no HTTP server: it is built at the first connection.</li>
 * </ul>
 * The first request then builds the rest, and the same log shows it.
 */
class LightStartIT {
    private static final String SHADED = "dev.hatch.internal.shaded.";
    /** The test program's own classes, which may spin what they like. */
    private static final String APP = "dev.hatch.agent.testapp.";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.hatch.agent.Jdk#all")
    void theLightStartSpinsNoClassAndLeavesLoggingRegexAndTheServerForLater(Jdk jdk) throws IOException {
        Path log = dir.resolve("classes.txt");
        try (ChildJvm app = ChildJvm.start(jdk, dir, Map.of(), ChildJvm.agent("port=0"),
                "-Xlog:class+load:file=" + log).awaitReady()) {
            StatusLine status = app.awaitStatusLine();
            List<String> atStart = loaded(log);
            assertThat(atStart).as("the start itself ran").contains("dev.hatch.internal.endpoint.DeferredStart");
            assertLight(atStart);

            String token = Files.readString(status.tokenFile().orElseThrow(), StandardCharsets.UTF_8).trim();
            assertThat(Http.get(status.resolve("/ops/health"), token).statusCode()).isEqualTo(200);
            assertThat(loaded(log)).as("the first request built the server").anyMatch(c -> c.startsWith(SHADED));
        }
    }

    /** The same with a configuration file (a token by its hash, an audit file): its keys are read on the same path. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.hatch.agent.Jdk#all")
    void aConfiguredLightStartSpinsNoClassEither(Jdk jdk) throws IOException {
        Path log = dir.resolve("classes.txt");
        String token = "light-start-token-0123456789abcdef";
        String sha256 = java.util.HexFormat.of().formatHex(sha256(token));
        Path config = Files.writeString(dir.resolve("hatch.properties"), "hatch.token.ops=sha256:" + sha256 + "\n"
                + "hatch.token.ops.scopes=monitor\nhatch.audit.file=" + dir.resolve("audit.jsonl") + "\n");
        try (ChildJvm app = ChildJvm.start(jdk, dir, Map.of("HATCH_CONFIG", config.toString()), ChildJvm.agent("port=0"),
                "-Xlog:class+load:file=" + log).awaitReady()) {
            StatusLine status = app.awaitStatusLine();
            assertThat(status.tokenFile()).as("the configured token, none generated").isEmpty();
            List<String> atStart = loaded(log);
            assertThat(atStart).as("the configuration was read").contains("dev.hatch.internal.config.PropertiesLoader");
            assertLight(atStart);
            assertThat(Http.get(status.resolve("/ops/health"), token).statusCode()).isEqualTo(200);
        }
    }

    /** No class spun for Hatch; no logging, regular expressions or HTTP server yet. */
    private static void assertLight(List<String> atStart) {
        assertThat(atStart).as("classes spun for Hatch at start")
                .noneMatch(c -> c.startsWith("dev.hatch.") && !c.startsWith(APP) && c.contains("$$Lambda"))
                // the hidden class a concatenation site spins on JDK 21+ (JDK 17 combines method handles)
                .noneMatch(c -> c.startsWith("java.lang.String$$StringConcat"));
        assertThat(atStart).as("deferred until needed")
                .doesNotContain("java.util.logging.LogManager", "java.util.regex.Pattern")
                .noneMatch(c -> c.startsWith(SHADED));
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A build that nobody waited for (the delay ended, no client yet) also loads the classes the
     * first request would otherwise load itself, so that request costs what later ones do.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.hatch.agent.Jdk#all")
    void aBuildAtTheEndOfTheDelayAlsoLoadsTheRequestPath(Jdk jdk) throws Exception {
        Path log = dir.resolve("classes.txt");
        Path config = Files.writeString(dir.resolve("hatch.properties"), "hatch.start.delay=1s\n");
        List<String> requestPath = List.of(SHADED + "org.eclipse.jetty.http.HttpParser",
                SHADED + "org.eclipse.jetty.server.internal.HttpChannelState", SHADED + "org.eclipse.jetty.http.MimeTypes");
        try (ChildJvm app = ChildJvm.start(jdk, dir, Map.of("HATCH_CONFIG", config.toString()), ChildJvm.agent("port=0"),
                "-Xlog:class+load:file=" + log).awaitReady()) {
            StatusLine status = app.awaitStatusLine();
            long deadline = System.nanoTime() + ChildJvm.WAIT.toNanos();
            while (!loaded(log).containsAll(requestPath) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(loaded(log)).as("loaded before any request").containsAll(requestPath);
            String token = Files.readString(status.tokenFile().orElseThrow(), StandardCharsets.UTF_8).trim();
            assertThat(Http.get(status.resolve("/ops/health"), token).statusCode()).isEqualTo(200);
        }
    }

    /** The class names in a {@code -Xlog:class+load} file, in load order. */
    private static List<String> loaded(Path log) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            // [0.012s][info][class,load] java.lang.Object source: shared objects file
            String[] fields = line.split(" ");
            if (fields.length > 1 && line.contains("[class,load]")) {
                names.add(fields[1]);
            }
        }
        return names;
    }
}
