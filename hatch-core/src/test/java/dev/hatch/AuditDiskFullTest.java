package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hatch.internal.audit.AuditChain;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, for real: the audit file lives on a 256 KiB tmpfs that the test fills. Needs root
 * (to mount); skipped otherwise. No record, no action for the refusing scopes; monitor goes on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuditDiskFullTest {
    @TempDir
    Path dir;
    private Path mount;
    private boolean mounted;

    @BeforeEach
    void mountTinyTmpfs() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "AuditDiskFullTest needs root to mount a small tmpfs as a disk that fills up; skipped as "
                        + System.getProperty("user.name"));
        mount = dir.resolve("tiny");
        Files.createDirectories(mount);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0,
                "AuditDiskFullTest cannot mount a tmpfs here (no CAP_SYS_ADMIN?): " + out.strip());
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            Process p = new ProcessBuilder("umount", "-l", mount.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFullDiskRefusesPrivilegedRequestsWithoutRunningThemAndMonitorGoesOn() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Path audit = mount.resolve("audit.jsonl");
        try (TestEndpoint e = TestEndpoint.start(b -> b.auditFile(audit)
                .command(Command.builder("count").handler(args -> runs.incrementAndGet()).build()))) {
            // The file exists and is empty (no page of its own yet): every first write needs new space.
            Path filler = fill(mount);

            HttpResponse<String> command = e.send("POST", "/ops/commands/count", TestEndpoint.OPERATE, "{}");
            assertThat(command.statusCode()).isEqualTo(503);
            assertThat(command.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            Map<String, Object> problem = JsonTree.parse(command.body());
            assertThat((String) problem.get("detail")).contains("audit log cannot be written", "hatch.audit.on-failure=refuse",
                    "operate");
            assertThat(runs).as("the command's handler never ran").hasValue(0);

            HttpResponse<String> dump = e.get("/ops/heapdump", TestEndpoint.DUMP);
            assertThat(dump.statusCode()).isEqualTo(503);
            assertThat(e.dumpFilesLeft()).isZero();
            assertThat(e.get("/ops/audit", TestEndpoint.ADMIN).statusCode()).isEqualTo(503);

            assertThat(e.get("/ops/info", TestEndpoint.MONITOR).statusCode()).as("monitor continues").isEqualTo(200);
            String metrics = e.get("/ops/metrics", TestEndpoint.MONITOR).body();
            long failures = metric(metrics, "hatch_audit_write_failures_total");
            assertThat(failures).as("intent and final records of three refused requests, one info").isGreaterThanOrEqualTo(7);
            assertThat(Files.size(audit)).as("no partial record was left behind").isZero();

            Files.delete(filler);
            assertThat(e.send("POST", "/ops/commands/count", TestEndpoint.OPERATE, "{}").statusCode()).isEqualTo(200);
            assertThat(runs).hasValue(1);
            List<Map<String, Object>> records = awaitCommandResult(audit);
            // file-start, the record counting what was lost, then the command's intent and result. The
            // final record of the monitor's last metrics request is written after its response, so it
            // may land here too, once the disk has room again: only the command's records are ordered.
            assertThat(records.get(0)).containsEntry("type", "file-start");
            Map<String, Object> lost = records.get(1);
            assertThat(lost).containsEntry("type", "lost");
            assertThat(((Number) lost.get("records")).longValue()).isGreaterThanOrEqualTo(failures);
            List<Map<String, Object>> commandRecords = records.stream().filter(r -> "command".equals(r.get("route"))).toList();
            assertThat(commandRecords).hasSize(2);
            assertThat(commandRecords.get(0)).containsEntry("type", "intent");
            assertThat(commandRecords.get(1)).containsEntry("outcome", "ok");
            assertThat(records).as("nothing but the metrics record may come between")
                    .allSatisfy(r -> assertThat(r.get("route")).isIn(null, "command", "metrics"));
            assertThat(AuditChain.verify(audit).ok()).isTrue();
            assertThat(AuditFormat.problems(audit, null)).isEmpty();
        }
    }

    @Test
    void continueServesEveryScopeWhenTheAuditLogCannotBeWritten() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Path audit = mount.resolve("audit.jsonl");
        try (TestEndpoint e = TestEndpoint.start(b -> b.auditFile(audit).auditOnFailure("continue")
                .command(Command.builder("count").handler(args -> runs.incrementAndGet()).build()))) {
            fill(mount);
            assertThat(e.send("POST", "/ops/commands/count", TestEndpoint.OPERATE, "{}").statusCode()).isEqualTo(200);
            assertThat(runs).hasValue(1);
            assertThat(metric(e.get("/ops/metrics", TestEndpoint.MONITOR).body(), "hatch_audit_write_failures_total"))
                    .isGreaterThanOrEqualTo(1);
        }
    }

    /** Waits (up to 10 s) until the command's final record is in the file; returns every record. */
    private static List<Map<String, Object>> awaitCommandResult(Path audit) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<Map<String, Object>> records = Files.readAllLines(audit).stream().map(JsonTree::parse).toList();
            boolean done = records.stream().anyMatch(r -> "command".equals(r.get("route")) && r.containsKey("outcome"));
            if (done || System.nanoTime() > deadline) {
                return records;
            }
            Thread.sleep(20);
        }
    }

    /** Fills the file system until a write fails; returns the filler file. */
    private static Path fill(Path mount) throws IOException {
        Path filler = mount.resolve("filler");
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int i = 0; i < 1_000; i++) {
                out.write(block);
                out.flush();
            }
            throw new AssertionError("the tmpfs did not fill up");
        } catch (IOException expected) {
            assertThat(expected.getMessage()).contains("No space left on device");
        }
        return filler;
    }

    private static long metric(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ")) {
                return (long) Double.parseDouble(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no metric " + name);
    }
}
