package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Traversal attempts, sent byte for byte on raw sockets (an HTTP client library would normalise
 * them first), find nothing: on fixed paths and in every path parameter of every route the
 * endpoint serves.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TraversalTest {
    private static final List<String> FIXED = List.of(
            "/ops/../etc/passwd", "/ops/%2e%2e/etc/passwd", "/ops/%2E%2E/%2E%2E/etc/passwd", "/ops/..%2f..%2fetc%2fpasswd",
            "/ops/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/ops/%252e%252e/etc/passwd", "/ops/..;/..;/etc/passwd",
            "/ops/info/..%2f..%2f..%2fetc%2fpasswd", "/ops\\..\\..\\etc\\passwd", "/ops/%c0%ae%c0%ae/etc/passwd",
            "/ops/info%00.json", "//etc/passwd", "/ops//..//..//etc/passwd", "/ops/heapdump/..%5c..%5cetc%5cpasswd",
            "/ops/./././../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/ops/audit;/../../etc/passwd");
    private static final List<String> IN_PARAMETER = List.of(
            "..", "%2e%2e", ".", "..%2f..%2fetc%2fpasswd", "%2e%2e%2fetc%2fpasswd", "..%5c..%5cetc%5cpasswd",
            "%252e%252e%252fetc%252fpasswd", "....%2f%2f....%2f%2fetc%2fpasswd", "%2fetc%2fpasswd", "x%00.hprof",
            "..;", "%c0%ae%c0%ae", ".hidden", "a%2fb", "~root");

    @Test
    void traversalAttemptsFindNothing() throws Exception {
        Path secret = Files.createTempFile("hatch-traversal", ".txt");
        Files.writeString(secret, "root:x:0:0:TOP-SECRET\n");
        try (TestEndpoint e = TestEndpoint.start()) {
            int port = e.hatch().port();
            List<String> targets = new ArrayList<>(FIXED);
            targets.add("/ops/.." + secret);
            targets.add("/ops/%2e%2e" + secret.toString().replace("/", "%2f"));
            for (RouteTable.Entry route : RouteTable.ROUTES) {
                if (route.path().contains("{")) {
                    for (String payload : IN_PARAMETER) {
                        targets.add(route.method() + " " + route.sample(payload));
                    }
                }
            }
            for (String target : targets) {
                String method = "GET";
                String path = target;
                if (target.contains(" ")) {
                    method = target.substring(0, target.indexOf(' '));
                    path = target.substring(target.indexOf(' ') + 1);
                }
                RawClient.Response r = RawClient.request("127.0.0.1", port, method, path, TestEndpoint.ALL);
                assertThat(r.status()).as(target + "\n" + r.head() + r.body()).isIn(400, 404, 405);
                assertThat(r.body()).as(target).doesNotContain("root:", "TOP-SECRET", "<html");
                assertThat(r.header("Content-Type")).as(target + "\n" + r.head() + r.body()).isEqualTo("application/problem+json");
            }
        } finally {
            Files.deleteIfExists(secret);
        }
    }
}
