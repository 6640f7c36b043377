package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The answers the HTTP server makes itself, before Hatch's pipeline sees a request (a head it
 * cannot parse, a target or head over the limits, an HTTP version it does not speak), have the
 * shape of every other refusal: problem+json with a correlation id, the same security headers,
 * and an audit record under that id. hatch-agent's shipped-jar tests check the same against the
 * packaged jars.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JettyRefusalTest {

    @Test
    void everyRefusalTheServerMakesItselfIsAProblemWithTheSecurityHeadersAndACorrelationId() throws Exception {
        Map<String, Integer> cases = new LinkedHashMap<>();
        cases.put("GET /ops/" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414);
        cases.put("GET /ops HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n", 431);
        cases.put("GET /ops HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n", 400);
        cases.put("DELETE /ops HTTP/1.1\r\nHost: x\r\nBad Header Line\r\nAccept: image/png\r\n\r\n", 400);
        cases.put("GET /ops HTTP/1.7\r\nHost: x\r\n\r\n", 505);
        cases.put("GET /ops HTTP/1.1\r\nHost: x\r\nAccept:\r\nX-Big: " + "c".repeat(20_000) + "\r\n\r\n", 431);
        try (TestEndpoint e = TestEndpoint.start()) {
            for (Map.Entry<String, Integer> c : cases.entrySet()) {
                RawClient.Response r;
                try (RawClient client = RawClient.connect("127.0.0.1", e.hatch().port())) {
                    client.send(c.getKey());
                    r = client.read();
                }
                String what = c.getKey().substring(0, Math.min(40, c.getKey().length())).replace("\r\n", " ") + " -> " + r;
                assertThat(r.status()).as(what).isEqualTo(c.getValue());
                assertThat(r.header("Content-Type")).as(what).isEqualTo("application/problem+json");
                assertThat(r.header("Cache-Control")).as(what).isEqualTo("no-store");
                assertThat(r.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
                assertThat(r.header("X-Frame-Options")).as(what).isEqualTo("DENY");
                assertThat(r.header("Content-Security-Policy")).as(what).isEqualTo("default-src 'none'; frame-ancestors 'none'");
                assertThat(r.header("Referrer-Policy")).as(what).isEqualTo("no-referrer");
                assertThat(r.header("Server")).as(what).isNull();
                Map<String, Object> problem = JsonTree.parse(r.body());
                assertThat(problem).as(what).containsKeys("type", "title", "status", "detail", "correlationId");
                assertThat(((Number) problem.get("status")).intValue()).as(what).isEqualTo(c.getValue());
                String id = (String) problem.get("correlationId");
                assertThat(id).as(what).matches("[0-9a-f]{16}");
                assertThat(Files.readString(e.hatch().auditFile())).as("the audit record of " + what).contains("\"id\":\"" + id + "\"");
            }
        }
    }
}
