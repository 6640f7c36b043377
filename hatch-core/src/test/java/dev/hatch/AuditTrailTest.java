package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.internal.audit.AuditChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The audit trail of a real endpoint: one record per request, refused ones too, a verifiable chain, floods summarised. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class AuditTrailTest {
    @TempDir
    Path dir;

    @Test
    void everyRequestIsRecordedAndTheChainVerifies() throws Exception {
        Path file;
        try (TestEndpoint e = TestEndpoint.start()) {
            e.get("/ops/info", TestEndpoint.MONITOR);
            e.get("/ops/info", null);
            e.get("/ops/info", "wrong-token-0123456789abcdef");
            e.get("/ops/audit", TestEndpoint.MONITOR);
            e.get("/ops/nope", TestEndpoint.MONITOR);
            file = e.hatch().auditFile();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            List<Map<String, Object>> records = records(file, 5);
            assertThat(records).hasSize(5);
            assertThat(records).extracting(r -> r.get("outcome"))
                    .containsExactly("ok", "unauthenticated", "unauthenticated", "forbidden", "refused");
            assertThat(records).extracting(r -> ((Number) r.get("status")).intValue()).containsExactly(200, 401, 401, 403, 404);
            AuditChain.Result ok = AuditChain.verify(file);
            assertThat(ok.ok()).isTrue();
            assertThat(ok.records()).isEqualTo(6); // the file-start record and five requests
            assertThat(AuditFormat.problems(file, null)).isEmpty();
            Path copy = dir.resolve("copy.jsonl");
            Files.copy(file, copy);
            file = copy;
        }
        List<String> lines = Files.readAllLines(file);

        Path edited = dir.resolve("edited.jsonl");
        List<String> e = new ArrayList<>(lines);
        e.set(3, e.get(3).replace("\"status\":401", "\"status\":200"));
        Files.write(edited, e);
        AuditChain.Result r1 = AuditChain.verify(edited);
        assertThat(r1.ok()).isFalse();
        assertThat(r1.firstBadLine()).isEqualTo(4);
        assertThat(r1.reason()).contains("changed");

        Path removed = dir.resolve("removed.jsonl");
        List<String> r = new ArrayList<>(lines);
        r.remove(2);
        Files.write(removed, r);
        AuditChain.Result r2 = AuditChain.verify(removed);
        assertThat(r2.ok()).isFalse();
        assertThat(r2.firstBadLine()).isEqualTo(3);
        assertThat(r2.reason()).contains("missing");
    }

    @Test
    void aFloodOfRefusalsIsSummarisedNotWrittenLineByLine() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.auditSummary(5, Duration.ofMillis(800))
                .anonymousRate(5, 20).lockout(1_000_000, Duration.ofSeconds(1), Duration.ofMinutes(1))))) {
            int port = e.hatch().port();
            for (int i = 0; i < 60; i++) {
                RawClient.request("127.0.0.2", port, "GET", "/ops/info", i % 2 == 0 ? null : "wrong-token-0123456789abcdef");
            }
            assertThat(RawClient.request("127.0.0.3", port, "GET", "/ops/info", null).status()).isEqualTo(401);
            assertThat(e.get("/ops/info", TestEndpoint.MONITOR).statusCode()).isEqualTo(200);
            // The interval ends and the timer writes its summary: poll until every one of the 60
            // requests is either a line or counted in a summary (a generous deadline, no fixed sleep).
            List<Map<String, Object>> records;
            List<Map<String, Object>> summaries;
            long lines;
            long counted;
            long deadline = System.nanoTime() + 20_000_000_000L;
            do {
                Thread.sleep(100);
                records = records(e.hatch().auditFile());
                lines = records.stream().filter(r -> "127.0.0.2".equals(r.get("client")) && r.get("type") == null).count();
                summaries = records.stream().filter(r -> "summary".equals(r.get("type")) && "127.0.0.2".equals(r.get("client"))).toList();
                counted = summaries.stream().mapToLong(r -> ((Number) r.get("counted")).longValue()).sum();
            } while (lines + counted < 60 && System.nanoTime() < deadline);
            // However the 60 requests fell into intervals on a busy machine: each is either a line or counted.
            assertThat(summaries).isNotEmpty();
            assertThat(lines + counted).isEqualTo(60);
            assertThat(lines).isLessThanOrEqualTo(5L * (summaries.size() + 1));
            @SuppressWarnings("unchecked")
            Map<String, Object> reasons = (Map<String, Object>) summaries.get(0).get("reasons");
            assertThat(reasons).containsKeys("unauthenticated", "rate-limited");
            assertThat(records).anyMatch(r -> "127.0.0.3".equals(r.get("client")));
            assertThat(records).anyMatch(r -> "monitor".equals(r.get("principal")));
            assertThat(AuditChain.verify(e.hatch().auditFile()).ok()).isTrue();
            assertThat(AuditFormat.problems(e.hatch().auditFile(), null)).isEmpty();
        }
    }

    @Test
    void rotationFollowsTheConfiguredSizeAndCount() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.auditRotation(4096, 2)))) {
            for (int i = 0; i < 60; i++) {
                e.get("/ops/info?i=" + i, TestEndpoint.MONITOR);
            }
            Path file = e.hatch().auditFile();
            // The last request's record is written after its response and may rotate the files: read
            // the set once it has stopped moving.
            AuditChain.Report quiet = readSet(file);
            for (int i = 0; i < 100; i++) {
                Thread.sleep(100);
                AuditChain.Report again = readSet(file);
                if (again.records() == quiet.records() && again.problems().isEmpty()) {
                    break;
                }
                quiet = again;
            }
            assertThat(Files.size(file)).isLessThanOrEqualTo(4096);
            assertThat(Path.of(file + ".1")).exists();
            assertThat(Path.of(file + ".2")).exists();
            assertThat(Path.of(file + ".3")).doesNotExist();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(file + ".1")))).isEqualTo("rw-------");
            assertThat(AuditChain.verify(Path.of(file + ".1")).ok()).isTrue();
            // The set is one chain: .2, .1 and the current file, each starting with its file-start record.
            AuditChain.Report set = readSet(file);
            assertThat(set.problems()).isEmpty();
            assertThat(set.files()).containsExactly(Path.of(file + ".2"), Path.of(file + ".1"), file);
            assertThat(set.notes()).anyMatch(n -> n.contains("rotated away"));
            assertThat(AuditFormat.problems(set.files(), null)).isEmpty();
            // The metric counts what the verifier counts (records trail their responses: poll until they meet).
            // Each scrape's own record is written after it answers, so compare a scrape with the file read just before it.
            String metrics = e.get("/ops/metrics", TestEndpoint.MONITOR).body();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!metrics.contains("hatch_audit_records_total " + set.records() + "\n") && System.nanoTime() < deadline) {
                Thread.sleep(50);
                set = readSet(file);
                metrics = e.get("/ops/metrics", TestEndpoint.MONITOR).body();
            }
            assertThat(metrics).contains("hatch_audit_records_total " + set.records() + "\n");
            // That scrape's own record lands after its response, and may rotate the files: wait for it,
            // so that the set is not read while it moves.
            long settled = set.records() + 1;
            deadline = System.nanoTime() + 10_000_000_000L;
            while (readSet(file).records() < settled && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            // A rotation publishes the head: the anchor is an earlier record of this chain.
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("hatch_audit_head_records (\\d+)").matcher(metrics);
            assertThat(m.find()).isTrue();
            long anchored = Long.parseLong(m.group(1));
            java.util.regex.Matcher h = java.util.regex.Pattern.compile("hatch_audit_head_info\\{hash=\"([0-9a-f]{16})\"} 1").matcher(metrics);
            assertThat(h.find()).isTrue();
            assertThat(AuditChain.verifySet(file, new AuditChain.Options(null, anchored, h.group(1))).problems()).isEmpty();

            // A missing file in the middle of the set is named.
            Files.delete(Path.of(file + ".1"));
            assertThat(AuditChain.verifySet(file, AuditChain.Options.plain()).problems())
                    .extracting(AuditChain.Problem::message).anyMatch(p -> p.contains("missing"));
        }
    }

    @Test
    void refusalsByTheTransportAreRecorded() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.maxConnectionsPerAddress(2)))) {
            int port = e.hatch().port();
            try (RawClient c = RawClient.connect("127.0.0.2", port)) {
                c.send("GET /ops HTTP/1.1\r\nHost: x\r\nX: " + "b".repeat(9000) + "\r\n\r\n");
                assertThat(c.read().status()).isEqualTo(431);
            }
            List<RawClient> held = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                held.add(RawClient.connect("127.0.0.3", port));
            }
            // The server may accept the three in any order: exactly one of them is refused.
            int closed = 0;
            for (RawClient c : held) {
                closed += c.closedByServer(1000) ? 1 : 0;
            }
            assertThat(closed).as("connections over the per-address cap of 2 that the server closed").isEqualTo(1);
            for (RawClient c : held) {
                c.close();
            }
            String audit = Files.readString(e.hatch().auditFile());
            assertThat(audit).contains("\"outcome\":\"head-too-large\"").contains("\"outcome\":\"connection-limit\"");
        }
    }

    /** The records, once at least {@code expected} are there: a record is written just after its response. */
    private static List<Map<String, Object>> records(Path file, int expected) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<Map<String, Object>> list = records(file);
        while (list.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            list = records(file);
        }
        return list;
    }

    /** The records of the file, its file-start record left out. */
    private static List<Map<String, Object>> records(Path file) throws Exception {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.contains("\"type\":\"file-start\"")) {
                list.add(JsonTree.parse(line));
            }
        }
        return list;
    }

    /**
     * The rotation set as the verifier reads it; a file renamed or deleted by a rotation between
     * listing the set and opening the file is read again.
     */
    private static AuditChain.Report readSet(Path file) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                return AuditChain.verifySet(file, AuditChain.Options.plain());
            } catch (java.nio.file.NoSuchFileException rotated) {
                if (attempt >= 50) {
                    throw rotated;
                }
                Thread.sleep(20);
            }
        }
    }
}
