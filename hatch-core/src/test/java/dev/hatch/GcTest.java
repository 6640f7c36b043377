package dev.hatch;

import static dev.hatch.JsonTree.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("multi-jdk")
@Timeout(120)
class GcTest {

    @Test
    void gcReportsUsageBeforeAndAfterAndTheCollectionsItCaused() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            HttpResponse<String> r = e.send("POST", "/ops/gc", TestEndpoint.OPERATE, null);
            assertThat(r.statusCode()).isEqualTo(200);
            Map<String, Object> body = JsonTree.parse(r.body());
            assertThat(body).containsKeys("durationMs", "collections", "before", "after").containsEntry("explicitGcDisabled", false);
            Map<String, Object> before = map(map(body.get("before")).get("heap"));
            Map<String, Object> after = map(map(body.get("after")).get("heap"));
            assertThat(before).containsKeys("usedBytes", "committedBytes", "maxBytes");
            assertThat(((Number) after.get("usedBytes")).longValue()).isPositive();
            assertThat(map(map(body.get("after")).get("pools"))).isNotEmpty();
            long collections = map(body.get("collections")).values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
            assertThat(collections).isPositive();
        }
    }

    @Test
    void gcRefusesQueryParametersAndCrossSiteBrowsers() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            assertThat(e.send("POST", "/ops/gc?full=true", TestEndpoint.OPERATE, null).statusCode()).isEqualTo(400);
            HttpResponse<String> crossSite = e.client().send(e.request("/ops/gc", TestEndpoint.OPERATE)
                    .header("Sec-Fetch-Site", "cross-site").POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(crossSite.statusCode()).isEqualTo(403);
            assertThat(e.get("/ops/gc", TestEndpoint.OPERATE).statusCode()).isEqualTo(405);
        }
    }
}
