package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void answersWithAndWithoutToken() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            HttpResponse<String> anon = e.get("/ops", null);
            assertThat(anon.statusCode()).isEqualTo(401);
            HttpResponse<String> ok = e.get("/ops/threads?format=text", TestEndpoint.MONITOR);
            assertThat(ok.statusCode()).isEqualTo(200);
            System.out.println(ok.body().substring(0, 600));
            System.out.println(e.get("/ops/info", TestEndpoint.MONITOR).body());
        }
    }
}
