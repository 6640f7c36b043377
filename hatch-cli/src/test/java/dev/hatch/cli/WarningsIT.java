package dev.hatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.cli.output.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's warnings, from the real jar against a real endpoint: a token about to cross the
 * network in clear, a token file others can read, a token that cannot be a token.
 */
class WarningsIT {
    @TempDir
    Path dir;

    @Test
    void aTokenSentWithoutTlsToAHostThatIsNotLoopbackIsWarnedAbout() throws Exception {
        try (Endpoint endpoint = Endpoint.start()) {
            int port = endpoint.hatch().port();
            // A name that is not "localhost" and resolves, through the JVM's own hosts file, to
            // 127.0.0.1: the CLI must treat it as a remote host, and the test stays on loopback.
            Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 ops.example.test\n");
            Map<String, String> env = Map.of("HATCH_TOKEN", Endpoint.MONITOR, "JAVA_TOOL_OPTIONS", "-Djdk.net.hosts.file=" + hosts);
            Cli.Run remote = Cli.run(env, "--url", "http://ops.example.test:" + port + "/ops", "status");
            assertThat(remote.exit()).as(remote.toString()).isZero();
            assertThat(remote.err()).contains("hatch: warning: sending the token without TLS to ops.example.test:" + port
                    + "; use an https:// URL");
            Cli.Run local = Cli.run(env, "--url", "http://127.0.0.1:" + port + "/ops", "status");
            assertThat(local.exit()).as(local.toString()).isZero();
            assertThat(local.err()).doesNotContain("hatch: warning");
        }
    }

    @Test
    void aTokenFileOthersCanReadIsWarnedAboutAndABadTokenRefused() throws Exception {
        try (Endpoint endpoint = Endpoint.start()) {
            Path open = Files.writeString(dir.resolve("open-token"), Endpoint.MONITOR + "\n");
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
            Cli.Run r = Cli.run("--url", endpoint.url(), "--token-file", open.toString(), "status");
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.err()).contains("hatch: warning: " + open + " can be read by other users; chmod 600 " + open);

            Path closed = Cli.tokenFile(dir, Endpoint.MONITOR);
            Cli.Run quiet = Cli.run("--url", endpoint.url(), "--token-file", closed.toString(), "status");
            assertThat(quiet.exit()).as(quiet.toString()).isZero();
            assertThat(quiet.err()).doesNotContain("warning");

            Path spaced = Cli.tokenFile(dir, "two words");
            Cli.Run bad = Cli.run("--url", endpoint.url(), "--token-file", spaced.toString(), "status");
            assertThat(bad.exit()).isEqualTo(CliException.USAGE);
            assertThat(bad.err()).contains("the token contains spaces or control characters; check " + spaced);
            assertThat(Files.readString(endpoint.hatch().auditFile())).as("nothing was sent").doesNotContain("two words");
        }
    }
}
