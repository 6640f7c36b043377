package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Resuming a stored heap dump with the tools operators already have, and the HTTP dates and
 * validators that make resuming safe: {@code Last-Modified} and {@code Date} in IMF-fixdate,
 * {@code If-Range} with a strong ETag or the exact date (RFC 9110 §13.1.5).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ResumeTest {
    private static final String IMF_FIXDATE = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} "
            + "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT";

    private static HttpResponse<byte[]> download(TestEndpoint e, String path, String... headers) throws Exception {
        HttpRequest.Builder b = e.request(path, TestEndpoint.DUMP).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return e.client().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A finished stored dump written straight into the store, with the given modification time. */
    private static Path storedFile(TestEndpoint e, String id, byte[] content, Instant modified) throws Exception {
        Path stored = Files.createDirectories(e.hatch().dumpDirectory().resolve("stored"));
        Path file = Files.write(stored.resolve(id + ".hprof"), content);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    private static byte[] content(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Test
    void lastModifiedAndDateAreImfFixdateWithTwoDigitDays() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            String id = "20261203T090507Z-0d0d0d";
            storedFile(e, id, content(1000, 0), Instant.parse("2026-12-03T09:05:07.250Z"));
            HttpResponse<byte[]> r = download(e, "/ops/heapdumps/" + id);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Last-Modified")).hasValue("Thu, 03 Dec 2026 09:05:07 GMT");
            assertThat(r.headers().allValues("Date")).singleElement().satisfies(d -> assertThat(d).matches(IMF_FIXDATE));
            // Every response carries one Date, refusals included.
            HttpResponse<String> refused = e.get("/ops/nope", TestEndpoint.DUMP);
            assertThat(refused.headers().allValues("Date")).singleElement().satisfies(d -> assertThat(d).matches(IMF_FIXDATE));
            assertThat(e.send("DELETE", "/ops/heapdumps/" + id, TestEndpoint.DUMP, null).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void ifRangeHonoursTheStrongEtagOrTheExactDateAndNothingElse() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            String id = "20260101T000000Z-1f1f1f";
            byte[] first = content(50_000, 1);
            Path file = storedFile(e, id, first, Instant.parse("2026-01-04T05:06:07Z"));
            String path = "/ops/heapdumps/" + id;
            HttpResponse<byte[]> whole = download(e, path);
            String etag = whole.headers().firstValue("ETag").orElseThrow();
            String date = whole.headers().firstValue("Last-Modified").orElseThrow();
            assertThat(etag).startsWith("\"").endsWith("\"").doesNotStartWith("W/");
            assertThat(date).isEqualTo("Sun, 04 Jan 2026 05:06:07 GMT");

            for (String same : List.of(etag, date, "Sunday, 04-Jan-26 05:06:07 GMT", "Sun Jan  4 05:06:07 2026")) {
                HttpResponse<byte[]> r = download(e, path, "Range", "bytes=40000-", "If-Range", same);
                assertThat(r.statusCode()).as(same).isEqualTo(206);
                assertThat(r.body()).as(same).isEqualTo(Arrays.copyOfRange(first, 40_000, 50_000));
            }
            for (String other : List.of("W/" + etag, "\"" + id + "\"", "Sun, 04 Jan 2026 05:06:08 GMT",
                    "Sun, 4 Jan 2026 05:06:07 GMT", "Mon, 04 Jan 2026 05:06:07 GMT", "yesterday")) {
                HttpResponse<byte[]> r = download(e, path, "Range", "bytes=40000-", "If-Range", other);
                assertThat(r.statusCode()).as(other).isEqualTo(200);
                assertThat(r.body()).as(other).isEqualTo(first);
            }

            // The dump is replaced under the same id: the old validators no longer match, the whole new file comes.
            byte[] second = content(50_000, 2);
            Files.write(file, second);
            Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-04T05:09:00Z")));
            for (String old : List.of(etag, date)) {
                HttpResponse<byte[]> r = download(e, path, "Range", "bytes=40000-", "If-Range", old);
                assertThat(r.statusCode()).as(old).isEqualTo(200);
                assertThat(r.body()).as(old).isEqualTo(second);
            }
            assertThat(download(e, path).headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);

            // A file modified this very second has a weak date: only the ETag resumes it.
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
            HttpResponse<byte[]> fresh = download(e, path);
            HttpResponse<byte[]> byDate = download(e, path, "Range", "bytes=40000-", "If-Range",
                    fresh.headers().firstValue("Last-Modified").orElseThrow());
            assertThat(byDate.statusCode()).isEqualTo(200);
            HttpResponse<byte[]> byTag = download(e, path, "Range", "bytes=40000-", "If-Range",
                    fresh.headers().firstValue("ETag").orElseThrow());
            assertThat(byTag.statusCode()).isEqualTo(206);
            assertThat(e.send("DELETE", path, TestEndpoint.DUMP, null).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void curlResumesAPartlyDownloadedStoredHeapDump() throws Exception {
        OptionalTool.onPath("curl", "apt-get install -y curl");
        try (TestEndpoint e = TestEndpoint.start()) {
            String id = realStoredDump(e);
            byte[] all = download(e, "/ops/heapdumps/" + id).body();
            Path out = e.directory().resolve("curl.hprof");
            Files.write(out, Arrays.copyOf(all, all.length / 3));
            Path headers = e.directory().resolve("curl-headers.txt");
            int exit = run(e, List.of("curl", "-sS", "-C", "-", "-D", headers.toString(), "-o", out.toString(),
                    "-H", "Authorization: Bearer " + TestEndpoint.DUMP, e.uri("/ops/heapdumps/" + id).toString()));
            assertThat(exit).as(Files.readString(e.directory().resolve("tool.log"))).isZero();
            String head = Files.readString(headers);
            assertThat(head).startsWith("HTTP/1.1 206").contains("Content-Range: bytes " + all.length / 3 + "-");
            assertThat(Files.readAllBytes(out)).isEqualTo(all);
            assertThat(e.send("DELETE", "/ops/heapdumps/" + id, TestEndpoint.DUMP, null).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void wgetResumesAPartlyDownloadedStoredHeapDump() throws Exception {
        OptionalTool.onPath("wget", "apt-get install -y wget");
        try (TestEndpoint e = TestEndpoint.start()) {
            String id = realStoredDump(e);
            byte[] all = download(e, "/ops/heapdumps/" + id).body();
            Path out = e.directory().resolve("wget.hprof");
            Files.write(out, Arrays.copyOf(all, all.length / 2));
            int exit = run(e, List.of("wget", "-c", "-S", "--no-config", "-O", out.toString(),
                    "--header=Authorization: Bearer " + TestEndpoint.DUMP, e.uri("/ops/heapdumps/" + id).toString()));
            String log = Files.readString(e.directory().resolve("tool.log"));
            assertThat(exit).as(log).isZero();
            assertThat(log).contains("HTTP/1.1 206").contains("Content-Range: bytes " + all.length / 2 + "-");
            assertThat(Files.readAllBytes(out)).isEqualTo(all);
            assertThat(e.send("DELETE", "/ops/heapdumps/" + id, TestEndpoint.DUMP, null).statusCode()).isEqualTo(204);
        }
    }

    /** Takes a real heap dump of this JVM through {@code POST /ops/heapdumps} and waits until it is ready. */
    @SuppressWarnings("unchecked")
    private static String realStoredDump(TestEndpoint e) throws Exception {
        HttpResponse<String> started = e.send("POST", "/ops/heapdumps", TestEndpoint.DUMP, null);
        assertThat(started.statusCode()).isEqualTo(202);
        String id = (String) JsonTree.parse(started.body()).get("id");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            for (Object o : (List<Object>) JsonTree.parse(e.get("/ops/heapdumps", TestEndpoint.DUMP).body()).get("dumps")) {
                Map<String, Object> d = (Map<String, Object>) o;
                if (id.equals(d.get("id")) && "ready".equals(d.get("state"))) {
                    return id;
                }
                assertThat(d.get("state")).as("dump " + id).isNotEqualTo("failed");
            }
            Thread.sleep(100);
        }
        throw new AssertionError("dump " + id + " never finished");
    }

    private static int run(TestEndpoint e, List<String> command) throws Exception {
        Path log = e.directory().resolve("tool.log");
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish: " + Files.readString(log, StandardCharsets.UTF_8));
        }
        return p.exitValue();
    }

}
