package dev.hatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Where the configuration comes from when {@code config=} is not given. */
class GeneratedTokenIT {
    private static final String JDKS = "dev.hatch.agent.Jdk#all";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void withoutAnyConfigurationATokenIsGeneratedIntoAnOwnerOnlyFile(Jdk jdk) throws IOException {
        StatusLine status;
        Path tokenFile;
        try (ChildJvm app = ChildJvm.start(jdk, dir, Map.of(), ChildJvm.agent("port=0")).awaitReady()) {
            status = app.awaitStatusLine();
            assertThat(status.tokenFile()).as(app.output()).isPresent();
            tokenFile = status.tokenFile().get();
            assertThat(tokenFile).startsWith(dir);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
            assertThat(token).hasSizeGreaterThanOrEqualTo(32);
            assertThat(app.stderr()).as("the token itself is never printed").noneMatch(l -> l.contains(token));

            assertThat(Http.get(status.resolve("/ops/threads"), token).statusCode()).isEqualTo(200);
            assertThat(Http.get(status.resolve("/ops/threads"), null).statusCode()).isEqualTo(401);
            assertThat(app.stop()).as(app.output()).isZero();
        }
        assertThat(tokenFile).as("the token dies with the process").doesNotExist();
    }

    /**
     * The agent closes its endpoint when the JVM shuts down, so that the HTTP server's selector
     * does not hold the exit in native code (HotSpot waits up to 300 ms for such threads). The
     * proof is what only a close does: an audit file that never got a record is removed.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void theEndpointIsClosedWhenTheProgramEnds(Jdk jdk) throws IOException {
        Path state;
        long pid;
        // Built at once (hatch.start.delay=0s), so that the audit file exists before any request.
        Path eager = Files.writeString(dir.resolve("eager.properties"), "hatch.start.delay=0s\n");
        try (ChildJvm app = ChildJvm.start(jdk, dir, Map.of("HATCH_CONFIG", eager.toString()), ChildJvm.agent("port=0"))
                .awaitReady()) {
            StatusLine status = app.awaitStatusLine();
            state = status.tokenFile().orElseThrow().getParent();
            pid = app.pid();
            assertThat(state.resolve("audit-" + pid + ".jsonl")).as("created at start, empty: no request was made").exists();
            assertThat(app.stop()).as(app.output()).isZero();
        }
        assertThat(state.resolve("audit-" + pid + ".jsonl")).as("removed by the endpoint's close at exit").doesNotExist();
    }

    /**
     * By default the agent starts light: the port is bound and the token file written at once,
     * and the rest (audit log, server, background work) is built at the first connection. That
     * connection is answered all the same; a program that ends before any leaves no file behind.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void byDefaultTheServerIsBuiltAtTheFirstConnection(Jdk jdk) throws IOException {
        Path tokenFile;
        try (ChildJvm app = ChildJvm.start(jdk, dir, Map.of(), ChildJvm.agent("port=0")).awaitReady()) {
            StatusLine status = app.awaitStatusLine();
            tokenFile = status.tokenFile().orElseThrow();
            Path audit = tokenFile.getParent().resolve("audit-" + app.pid() + ".jsonl");
            assertThat(audit).as("nothing built before the first connection").doesNotExist();
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
            assertThat(Http.get(status.resolve("/ops/health"), token).statusCode()).as(app.output()).isEqualTo(200);
            assertThat(audit).as("built by the first connection, which it audited").exists();
            assertThat(app.stop()).as(app.output()).isZero();
        }
        assertThat(tokenFile).as("the token dies with the process").doesNotExist();
        try (ChildJvm app = ChildJvm.start(jdk, dir, Map.of(), ChildJvm.agent("port=0")).awaitReady()) {
            tokenFile = app.awaitStatusLine().tokenFile().orElseThrow();
            assertThat(app.stop()).as(app.output()).isZero();
        }
        assertThat(tokenFile).as("an endpoint never built still deletes its token file at exit").doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    void hatchConfigEnvironmentVariableNamesTheFile(Jdk jdk) {
        Path config = TestConfig.write(dir, "env");
        try (ChildJvm app = ChildJvm.start(jdk, dir, Map.of("HATCH_CONFIG", config.toString()), ChildJvm.agent("port=0")).awaitReady()) {
            StatusLine status = app.awaitStatusLine();
            assertThat(status.tokenFile()).as("tokens come from the file").isEmpty();
            assertThat(Http.get(status.resolve("/ops/threads"), TestConfig.MONITOR).statusCode()).isEqualTo(200);
        }
    }
}
