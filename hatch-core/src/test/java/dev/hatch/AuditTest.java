package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.internal.audit.AuditChain;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every request, allowed or refused, leaves one chained audit record after the file's file-start record. */
class AuditTest {
    @Test
    void everyRequestIsRecordedAndTheChainVerifies() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            e.get("/ops/info", TestEndpoint.MONITOR);
            e.get("/ops/info", null);
            e.get("/ops/heapdump", TestEndpoint.MONITOR);
            e.get("/ops/nope", "wrong-token-0123456789abcdef");
            var file = e.hatch().auditFile();
            List<String> all = awaitLines(file, 5);
            assertThat(all).hasSize(5);
            Map<String, Object> start = JsonTree.parse(all.get(0));
            assertThat(start).containsEntry("type", "file-start").containsEntry("chain", "sha256")
                    .containsEntry("file", java.math.BigDecimal.ONE).containsEntry("before", java.math.BigDecimal.ZERO)
                    .containsEntry("prev", AuditChain.GENESIS);
            List<String> lines = all.subList(1, all.size());
            Map<String, Object> first = JsonTree.parse(lines.get(0));
            assertThat(first).containsEntry("principal", "monitor").containsEntry("route", "info")
                    .containsEntry("outcome", "ok").containsEntry("client", "127.0.0.1").containsKeys("time", "durationMs", "bytes");
            assertThat(JsonTree.parse(lines.get(1))).containsEntry("principal", "anonymous").containsEntry("outcome", "unauthenticated");
            assertThat(JsonTree.parse(lines.get(2))).containsEntry("principal", "monitor").containsEntry("outcome", "forbidden");
            assertThat(JsonTree.parse(lines.get(3))).containsEntry("path", "/ops/nope").containsEntry("status", new java.math.BigDecimal(401));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(AuditChain.verify(file).ok()).isTrue();
            assertThat(AuditChain.verify(file).records()).isEqualTo(5);
            assertThat(AuditFormat.problems(file, null)).isEmpty();
            assertThat(String.join("\n", lines)).doesNotContain(TestEndpoint.MONITOR).doesNotContain("wrong-token");

            String admin = e.get("/ops/audit?limit=2", TestEndpoint.ADMIN).body();
            assertThat(JsonTree.parse(admin).get("records").toString()).contains("/ops/nope");
        }
    }

    /** Records are written once a response is complete, so they may trail the client by a moment. */
    static List<String> awaitLines(java.nio.file.Path file, int n) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> lines = Files.readAllLines(file);
        while (lines.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
            lines = Files.readAllLines(file);
        }
        return lines;
    }

    @Test
    void editedOrRemovedLinesBreakTheChainAtThatRecord() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            for (int i = 0; i < 5; i++) {
                e.get("/ops/info", TestEndpoint.MONITOR);
            }
            var file = e.hatch().auditFile();
            List<String> lines = awaitLines(file, 6); // the file-start record and five requests
            assertThat(AuditFormat.problems(file, null)).isEmpty();
            var edited = e.directory().resolve("edited.jsonl");
            List<String> copy = new java.util.ArrayList<>(lines);
            copy.set(2, copy.get(2).replace("\"principal\":\"monitor\"", "\"principal\":\"someone\""));
            Files.write(edited, copy);
            assertThat(AuditChain.verify(edited).firstBadLine()).isEqualTo(3);
            assertThat(AuditFormat.problems(edited, null)).containsExactly(edited + ":3: hash does not match");
            var removed = e.directory().resolve("removed.jsonl");
            copy = new java.util.ArrayList<>(lines);
            copy.remove(1);
            Files.write(removed, copy);
            AuditChain.Result r = AuditChain.verify(removed);
            assertThat(r.firstBadLine()).isEqualTo(2);
            assertThat(r.reason()).contains("missing");
            assertThat(AuditFormat.problems(removed, null)).containsExactly(removed + ":2: prev is not the hash of the record before");
        }
    }
}
