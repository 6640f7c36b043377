package dev.hatch.internal.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.JsonTree;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A trigger end to end, in a child JVM: threshold crossed, dump stored and valid, audited, cooldown held. */
@Tag("multi-jdk")
class TriggeredDumpTest {
    private static final String TOKEN = "trigger-test-token-0123456789abcdef";
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> json(int port, String path) throws Exception {
        HttpResponse<String> r = get(port, path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return (Map<String, Object>) JsonTree.value(r.body());
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> dumps(int port) throws Exception {
        return (List<Map<String, Object>>) (List<?>) json(port, "/ops/heapdumps").get("dumps");
    }

    @Test
    @SuppressWarnings("unchecked")
    void oldGenerationPastTheThresholdStoresOneDumpAndTheCooldownHolds() throws Exception {
        Path dir = Files.createTempDirectory("hatch-trigger");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx64m", "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"),
                TriggerChild.class.getName(), dir.toString()).redirectErrorStream(true);
        pb.environment().put("HATCH_TEST_TOKEN", TOKEN);
        Process child = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("HATCH_PORT=")) {
                    port = Integer.parseInt(line.substring(11).trim());
                    break;
                }
            }
            assertThat(port).as("child started").isPositive();
            Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "drain");
            drain.setDaemon(true);
            drain.start();

            Map<String, Object> dump = null;
            long deadline = System.currentTimeMillis() + 60_000;
            while (dump == null && System.currentTimeMillis() < deadline) {
                for (Map<String, Object> d : dumps(port)) {
                    if ("ready".equals(d.get("state"))) {
                        dump = d;
                    }
                }
                Thread.sleep(200);
            }
            assertThat(dump).as("a triggered dump became ready").isNotNull();
            String id = (String) dump.get("id");
            assertThat(dump).containsEntry("origin", "trigger:near-full");

            HttpResponse<byte[]> head = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops/heapdumps/" + id))
                    .header("Authorization", "Bearer " + TOKEN).header("Range", "bytes=0-18").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(head.statusCode()).isEqualTo(206);
            assertThat(new String(head.body(), StandardCharsets.US_ASCII)).isEqualTo("JAVA PROFILE 1.0.2\0");
            HttpResponse<java.io.InputStream> whole = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops/heapdumps/" + id))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(whole.statusCode()).isEqualTo(200);
            try (java.io.InputStream in = whole.body()) {
                dev.hatch.Hprof.Summary hprof = dev.hatch.Hprof.read(in);
                assertThat(hprof.bytes()).as("the whole file parses as HPROF, record by record").isEqualTo(((Number) dump.get("bytes")).longValue());
            }

            long collections = collections(port);
            long wait = System.currentTimeMillis() + 10_000;
            while (collections(port) < collections + 5 && System.currentTimeMillis() < wait) {
                Thread.sleep(200);
            }
            assertThat(collections(port)).as("more collections past the threshold").isGreaterThanOrEqualTo(collections + 5);
            assertThat(dumps(port)).as("the cooldown holds").hasSize(1);
            Map<String, Object> trigger = ((List<Map<String, Object>>) (List<?>) json(port, "/ops/triggers").get("triggers")).get(0);
            assertThat((Map<String, Object>) trigger.get("state")).containsEntry("fired", java.math.BigDecimal.ONE).containsEntry("lastDumpId", id);

            List<Object> records = (List<Object>) json(port, "/ops/audit?limit=1000").get("records");
            assertThat(records).anySatisfy(r -> assertThat((Map<String, Object>) r).containsEntry("principal", "trigger")
                    .containsEntry("trigger", "near-full").containsEntry("dumpId", id).containsEntry("outcome", "ok"));
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
            try (var s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private long collections(int port) throws Exception {
        long n = 0;
        for (Object c : (List<Object>) json(port, "/ops/memory").get("collectors")) {
            n += ((Number) ((Map<String, Object>) c).get("count")).longValue();
        }
        return n;
    }
}
