package dev.hatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hatch.cli.connection.HatchClient;
import dev.hatch.cli.connection.PlainHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The TLS-less context of http:// clients carries plain HTTP and can never be used for TLS. */
class PlainHttpTest {
    @Test
    void plainHttpWorksAndAnyTlsUseIsRefused() throws Exception {
        HttpClient http = HatchClient.newHttp(Duration.ofSeconds(10), PlainHttp.context());
        try (Endpoint endpoint = Endpoint.start()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoint.url() + "/health"))
                    .header("Authorization", "Bearer " + Endpoint.MONITOR).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);

            URI https = URI.create(endpoint.url().replaceFirst("^http:", "https:") + "/health");
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(https).build(), HttpResponse.BodyHandlers.ofString()))
                    .hasStackTraceContaining("built for an http:// URL");
        }
        assertThatThrownBy(() -> PlainHttp.context().createSSLEngine()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> PlainHttp.context().getSocketFactory()).isInstanceOf(UnsupportedOperationException.class);
    }
}
