package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredDumpRoutesTest {
    private static final String HPROF_MAGIC = "JAVA PROFILE 1.0.2";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> r) {
        return (Map<String, Object>) JsonTree.value(r.body());
    }

    private static HttpResponse<byte[]> download(TestEndpoint e, String path, String... headers) throws Exception {
        HttpRequest.Builder b = e.request(path, TestEndpoint.DUMP).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return e.client().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> waitReady(TestEndpoint e, String id) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            for (Object o : (List<Object>) json(e.get("/ops/heapdumps", TestEndpoint.DUMP)).get("dumps")) {
                Map<String, Object> d = (Map<String, Object>) o;
                if (id.equals(d.get("id")) && !"running".equals(d.get("state"))) {
                    return d;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("dump " + id + " never finished");
    }

    /** A file the store takes for a finished dump, without the cost of a real one. */
    private static Path fakeDump(Path dumpDir, String id, int size) throws Exception {
        Path stored = Files.createDirectories(dumpDir.resolve("stored"));
        byte[] b = new byte[size];
        byte[] magic = (HPROF_MAGIC + "\0").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, b, 0, magic.length);
        for (int i = magic.length; i < size; i++) {
            b[i] = (byte) (i * 31);
        }
        return Files.write(stored.resolve(id + ".hprof"), b);
    }

    @Test
    void storedDumpRoutesAnswer401WithoutAValidTokenAnd403WithoutDumpScope() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            String id = "/ops/heapdumps/20260101T000000Z-abcdef";
            for (String method : List.of("POST /ops/heapdumps", "GET /ops/heapdumps", "GET " + id, "DELETE " + id)) {
                String[] m = method.split(" ");
                assertThat(e.send(m[0], m[1], null, null).statusCode()).as(method).isEqualTo(401);
                assertThat(e.send(m[0], m[1], "wrong-token-0123456789abcdef", null).statusCode()).as(method).isEqualTo(401);
                assertThat(e.send(m[0], m[1], TestEndpoint.MONITOR, null).statusCode()).as(method).isEqualTo(403);
                assertThat(e.send(m[0], m[1], TestEndpoint.OPERATE, null).statusCode()).as(method).isEqualTo(403);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void dumpIsWrittenInTheBackgroundThenDownloadedWholeAndDeleted() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            HttpResponse<String> started = e.send("POST", "/ops/heapdumps?live=true", TestEndpoint.DUMP, null);
            assertThat(started.statusCode()).isEqualTo(202);
            Map<String, Object> entry = json(started);
            String id = (String) entry.get("id");
            assertThat(started.headers().firstValue("Location")).hasValue("/ops/heapdumps/" + id);
            assertThat(entry).containsEntry("state", "running").containsEntry("origin", "dump");

            HttpResponse<byte[]> early = download(e, "/ops/heapdumps/" + id);
            if (early.statusCode() != 200) {
                assertThat(early.statusCode()).isEqualTo(409);
                assertThat(early.headers().firstValue("Retry-After")).isPresent();
            }
            assertThat(e.send("POST", "/ops/heapdumps", TestEndpoint.DUMP, null).statusCode()).isIn(202, 409);

            Map<String, Object> ready = waitReady(e, id);
            assertThat(ready).containsEntry("state", "ready");
            Path file = e.hatch().dumpDirectory().resolve("stored").resolve(id + ".hprof");
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(((Number) ready.get("bytes")).longValue()).isEqualTo(Files.size(file));

            HttpResponse<byte[]> whole = download(e, "/ops/heapdumps/" + id);
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
            assertThat(whole.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains("attachment"));
            assertThat(whole.body()).isEqualTo(Files.readAllBytes(file));
            assertThat(new String(whole.body(), 0, HPROF_MAGIC.length(), StandardCharsets.US_ASCII)).isEqualTo(HPROF_MAGIC);

            for (Object o : (List<Object>) json(e.get("/ops/heapdumps", TestEndpoint.DUMP)).get("dumps")) {
                String other = (String) ((Map<String, Object>) o).get("id");
                if (!"running".equals(((Map<String, Object>) o).get("state"))) {
                    assertThat(e.send("DELETE", "/ops/heapdumps/" + other, TestEndpoint.DUMP, null).statusCode()).isEqualTo(204);
                } else {
                    waitReady(e, other);
                    assertThat(e.send("DELETE", "/ops/heapdumps/" + other, TestEndpoint.DUMP, null).statusCode()).isEqualTo(204);
                }
            }
            assertThat(Files.exists(file)).isFalse();
            assertThat(download(e, "/ops/heapdumps/" + id).statusCode()).isEqualTo(404);
            assertThat(e.send("DELETE", "/ops/heapdumps/" + id, TestEndpoint.DUMP, null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void rangeRequestsResumeByteIdentically() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            String id = "20260101T000000Z-0a0b0c";
            byte[] all = Files.readAllBytes(fakeDump(e.hatch().dumpDirectory(), id, 100_000));
            String path = "/ops/heapdumps/" + id;
            HttpResponse<byte[]> whole = download(e, path);
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo(all);
            String etag = whole.headers().firstValue("ETag").orElseThrow();

            HttpResponse<byte[]> tail = download(e, path, "Range", "bytes=40000-");
            assertThat(tail.statusCode()).isEqualTo(206);
            assertThat(tail.headers().firstValue("Content-Range")).hasValue("bytes 40000-99999/100000");
            assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(all, 40000, 100_000));

            HttpResponse<byte[]> middle = download(e, path, "Range", "bytes=10-19");
            assertThat(middle.statusCode()).isEqualTo(206);
            assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(all, 10, 20));

            HttpResponse<byte[]> suffix = download(e, path, "Range", "bytes=-16");
            assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(all, 99_984, 100_000));

            HttpResponse<byte[]> sameFile = download(e, path, "Range", "bytes=99000-", "If-Range", etag);
            assertThat(sameFile.statusCode()).isEqualTo(206);
            HttpResponse<byte[]> changedFile = download(e, path, "Range", "bytes=99000-", "If-Range", "\"something-else\"");
            assertThat(changedFile.statusCode()).isEqualTo(200);
            assertThat(changedFile.body()).isEqualTo(all);

            for (String bad : List.of("bytes=100000-", "bytes=5-2", "bytes=0-1,5-6", "bytes=x")) {
                HttpResponse<byte[]> r = download(e, path, "Range", bad);
                assertThat(r.statusCode()).as(bad).isEqualTo(416);
                assertThat(r.headers().firstValue("Content-Range")).as(bad).hasValue("bytes */100000");
                assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            }
            assertThat(e.send("DELETE", path, TestEndpoint.DUMP, null).statusCode()).isEqualTo(204);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void storedDumpsSurviveTheEndpointUntilRetentionDeletesThem() throws Exception {
        Path shared = Files.createTempDirectory("hatch-shared-dumps");
        String id = "20260101T000000Z-00ff00";
        try {
            TestEndpoint first = TestEndpoint.start(b -> b.dumpDirectory(shared));
            fakeDump(shared, id, 1000);
            assertThat((List<Object>) json(first.get("/ops/heapdumps", TestEndpoint.DUMP)).get("dumps")).hasSize(1);
            // The kit's leftover check notices the dump: stored dumps outlive the endpoint on purpose.
            assertThatThrownBy(first::close).hasMessageContaining("left in the dump directory");
            assertThat(shared.resolve("stored").resolve(id + ".hprof")).exists();
            try (TestEndpoint again = TestEndpoint.start(b -> b.dumpDirectory(shared).heapDumpRetention(java.time.Duration.ofHours(1)))) {
                List<Object> dumps = (List<Object>) json(again.get("/ops/heapdumps", TestEndpoint.DUMP)).get("dumps");
                assertThat(dumps).singleElement().satisfies(d -> assertThat((Map<String, Object>) d)
                        .containsEntry("id", id).containsEntry("state", "ready").containsEntry("bytes", new java.math.BigDecimal(1000)));
                Files.setLastModifiedTime(shared.resolve("stored").resolve(id + ".hprof"),
                        FileTime.from(Instant.now().minusSeconds(7200)));
                assertThat((List<Object>) json(again.get("/ops/heapdumps", TestEndpoint.DUMP)).get("dumps")).isEmpty();
            }
        } finally {
            try (var s = Files.walk(shared)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void quotaRefusesANewDumpWith507() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.heapDumpQuota(1 << 20))) {
            HttpResponse<String> r = e.send("POST", "/ops/heapdumps", TestEndpoint.DUMP, null);
            assertThat(r.statusCode()).isEqualTo(507);
            assertThat(r.body()).contains("hatch.heapdumps.quota");
        }
    }

    @Test
    void unknownDumpIsNotFoundAndMalformedIdsNeverReachTheDisk() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            assertThat(download(e, "/ops/heapdumps/20260101T000000Z-123456").statusCode()).isEqualTo(404);
            assertThat(download(e, "/ops/heapdumps/..%2F..%2Fetc%2Fpasswd").statusCode()).isIn(400, 404);
            assertThat(download(e, "/ops/heapdumps/audit").statusCode()).isEqualTo(404);
        }
    }
}
