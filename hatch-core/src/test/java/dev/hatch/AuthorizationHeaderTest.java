package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Two credentials in one request: refused, whichever comes first, never first-wins. */
class AuthorizationHeaderTest {

    private static RawClient.Response twoHeaders(int port, String first, String second) throws Exception {
        try (RawClient c = RawClient.connect("127.0.0.1", port)) {
            c.send("GET /ops/health HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + first
                    + "\r\nAuthorization: Bearer " + second + "\r\nConnection: close\r\n\r\n");
            return c.read();
        }
    }

    @Test
    void duplicateAuthorizationHeadersAreRefused() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            int port = e.hatch().port();
            for (String[] pair : new String[][] {{TestEndpoint.MONITOR, "wrong-token-0123456789abcdef"},
                {"wrong-token-0123456789abcdef", TestEndpoint.MONITOR}, {TestEndpoint.MONITOR, TestEndpoint.MONITOR}}) {
                RawClient.Response r = twoHeaders(port, pair[0], pair[1]);
                assertThat(r.status()).isEqualTo(401);
                assertThat(r.head()).containsIgnoringCase("WWW-Authenticate: Bearer").contains("application/problem+json");
                assertThat(r.body()).contains("more than one Authorization header");
            }
            // One header still works.
            assertThat(RawClient.request("127.0.0.1", port, "GET", "/ops/health", TestEndpoint.MONITOR).status()).isEqualTo(200);
        }
    }
}
