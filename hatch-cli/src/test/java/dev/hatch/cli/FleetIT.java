package dev.hatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hatch fleet} against several real endpoints, one of them down. */
class FleetIT {
    @TempDir
    Path dir;

    @Test
    void statusOfAFleetWithOneTargetDownPrintsATableAndFails() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try (Endpoint a = Endpoint.start(); Endpoint b = Endpoint.start()) {
            Path targets = Files.writeString(dir.resolve("targets.txt"), String.join("\n",
                    "# the payment service", a.url(), "", "http://127.0.0.1:" + deadPort + "/ops   # retired", b.url() + "/", ""));
            Cli.Run r = Cli.run(Map.of("HATCH_TOKEN", Endpoint.MONITOR), "fleet", "--targets", targets.toString(), "--parallel", "2",
                    "--timeout", "5s", "status");
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.reason()).isEqualTo("hatch: 1 of 3 targets failed");
            String[] lines = r.out().split("\n");
            assertThat(lines[0]).matches("TARGET\\s+RESULT\\s+DETAIL");
            assertThat(lines[1]).startsWith(a.url()).contains(" UP ").contains("health UP (database UP)");
            assertThat(lines[2]).startsWith("http://127.0.0.1:" + deadPort + "/ops").contains(" FAILED ").contains("connection refused");
            assertThat(lines[3]).startsWith(b.url()).contains(" UP ");
            assertThat(lines[4]).isEqualTo("3 targets: 2 ok, 1 failed");
        }
    }

    @Test
    void threadsOfAHealthyFleetSucceedAsJson() throws Exception {
        try (Endpoint a = Endpoint.start(); Endpoint b = Endpoint.start()) {
            Path targets = Files.writeString(dir.resolve("targets.txt"), a.url() + "\n" + b.url() + "\n");
            Cli.Run r = Cli.run(Map.of("HATCH_TOKEN", Endpoint.MONITOR), "fleet", "--targets", targets.toString(), "--json", "threads");
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).startsWith("[{\"target\":\"" + a.url() + "\",\"ok\":true,\"result\":{")
                    .contains("{\"target\":\"" + b.url() + "\",\"ok\":true,");
        }
    }

    @Test
    void fleetRefusesCommandsThatChangeOrTakeThings() throws Exception {
        Path targets = Files.writeString(dir.resolve("targets.txt"), "http://127.0.0.1:9/ops\n");
        Cli.Run r = Cli.run(Map.of("HATCH_TOKEN", Endpoint.MONITOR), "fleet", "--targets", targets.toString(), "heapdump");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.reason()).isEqualTo("hatch: fleet runs read-only commands only (status, threads, deadlocks, leaks), not 'heapdump'");
    }

    @Test
    void aBadLineInTheTargetsFileIsNamed() throws Exception {
        Path targets = Files.writeString(dir.resolve("targets.txt"), "http://127.0.0.1:9/ops\nftp://example/ops\n");
        Cli.Run r = Cli.run(Map.of("HATCH_TOKEN", Endpoint.MONITOR), "fleet", "--targets", targets.toString(), "status");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.reason()).isEqualTo("hatch: targets.txt line 2: 'ftp://example/ops' must start with http:// or https://");
    }
}
