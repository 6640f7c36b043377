package dev.hatch.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hatch.ConfigException;
import dev.hatch.Hatch;
import dev.hatch.Scope;
import dev.hatch.TestEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * The client address the servlet adapter counts lockouts and rates under: the container's
 * remote address by default, a forwarded-for header only through trusted proxies. A real
 * embedded Jetty 12; the test client on 127.0.0.1 plays the proxy.
 */
class ClientAddressTest {
    private static final String WRONG = "wrong-token-0123456789abcdef";
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Hatch.Builder hatch(Path dir) {
        return Hatch.builder().auditFile(dir.resolve("audit.jsonl")).dumpDirectory(dir.resolve("dumps"))
                .token("monitor", TestEndpoint.spec(TestEndpoint.MONITOR), Scope.MONITOR)
                .limits(l -> {
                    TestEndpoint.relaxAdmission(l);
                    l.lockout(3, Duration.ofMinutes(1), Duration.ofMinutes(5));
                });
    }

    private int status(int port, String context, String token, String forwardedFor) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + context + "/ops/info"))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token);
        if (forwardedFor != null) {
            b.header("X-Forwarded-For", forwardedFor);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void theLockoutCountsTheForwardedClientOnlyBehindATrustedProxy() throws Exception {
        Path dir = Files.createTempDirectory("hatch-client-address");
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        // /proxied: configured by init-parameters, 127.0.0.1 is the trusted proxy.
        ServletContextHandler proxied = new ServletContextHandler("/proxied");
        ServletHolder holder = new ServletHolder(new HatchServlet(hatch(dir.resolve("proxied"))));
        holder.setInitParameter("clientAddress", "header:X-Forwarded-For");
        holder.setInitParameter("trustedProxies", "10.0.0.0/8, 127.0.0.1/32");
        proxied.addServlet(holder, "/ops/*");
        // /untrusted: the header from a peer that is not a listed proxy.
        ServletContextHandler untrusted = new ServletContextHandler("/untrusted");
        untrusted.addServlet(new ServletHolder(new HatchServlet(hatch(dir.resolve("untrusted")),
                ClientAddressSource.header("X-Forwarded-For", "192.0.2.1"))), "/ops/*");
        // /plain: the default, getRemoteAddr().
        ServletContextHandler plain = new ServletContextHandler("/plain");
        plain.addServlet(new ServletHolder(new HatchServlet(hatch(dir.resolve("plain")))), "/ops/*");
        server.setHandler(new Handler.Sequence(proxied, untrusted, plain));
        server.start();
        try {
            int port = connector.getLocalPort();
            // Behind the trusted proxy: three wrong tokens lock out the forwarded client, nobody else.
            for (int i = 0; i < 3; i++) {
                assertThat(status(port, "/proxied", WRONG, "198.51.100.7")).isEqualTo(401);
            }
            assertThat(status(port, "/proxied", TestEndpoint.MONITOR, "198.51.100.7")).isEqualTo(429);
            assertThat(status(port, "/proxied", TestEndpoint.MONITOR, "203.0.113.9, 198.51.100.7")).as("rightmost untrusted hop")
                    .isEqualTo(429);
            assertThat(status(port, "/proxied", TestEndpoint.MONITOR, "198.51.100.7, 198.51.100.8")).isEqualTo(200);
            assertThat(status(port, "/proxied", TestEndpoint.MONITOR, "198.51.100.8, 10.1.2.3")).as("trusted hops skipped")
                    .isEqualTo(200);
            assertThat(Files.readString(dir.resolve("proxied").resolve("audit.jsonl"))).contains("\"client\":\"198.51.100.7\"")
                    .contains("\"client\":\"198.51.100.8\"");
            // From a peer that is not a trusted proxy, rotating the header escapes nothing.
            for (int i = 0; i < 3; i++) {
                assertThat(status(port, "/untrusted", WRONG, "198.51.100." + (20 + i))).isEqualTo(401);
            }
            assertThat(status(port, "/untrusted", TestEndpoint.MONITOR, "198.51.100.99")).isEqualTo(429);
            // The default ignores the header altogether (Jetty here does not rewrite getRemoteAddr()).
            for (int i = 0; i < 3; i++) {
                assertThat(status(port, "/plain", WRONG, "198.51.100." + (40 + i))).isEqualTo(401);
            }
            assertThat(status(port, "/plain", TestEndpoint.MONITOR, null)).isEqualTo(429);
            assertThat(Files.readString(dir.resolve("plain").resolve("audit.jsonl"))).doesNotContain("198.51.100.");
        } finally {
            server.stop();
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void theWalkStopsAtTheFirstUntrustedOrMalformedHop() {
        ClientAddressSource xff = ClientAddressSource.header("X-Forwarded-For", "10.0.0.0/8", "fd00::/8");
        assertThat(xff.choose("192.0.2.5", List.of("198.51.100.1"))).as("peer not trusted").isEqualTo("192.0.2.5");
        assertThat(xff.choose("10.0.0.1", List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
        assertThat(xff.choose("10.0.0.1", List.of("198.51.100.1, 198.51.100.2"))).isEqualTo("198.51.100.2");
        assertThat(xff.choose("10.0.0.1", List.of("198.51.100.1", "10.9.9.9"))).as("two header lines").isEqualTo("198.51.100.1");
        assertThat(xff.choose("10.0.0.1", List.of("198.51.100.1:4711"))).as("with a port").isEqualTo("198.51.100.1");
        assertThat(xff.choose("fd00::1", List.of("[2001:db8::7]:443"))).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(xff.choose("10.0.0.1", List.of("unknown"))).as("malformed: the proxy").isEqualTo("10.0.0.1");
        assertThat(xff.choose("10.0.0.1", List.of("198.51.100.1, evil.example, 10.0.0.2"))).isEqualTo("10.0.0.2");
        assertThat(xff.choose("10.0.0.1", List.of("300.1.1.1"))).isEqualTo("10.0.0.1");
        assertThat(xff.choose("10.0.0.1", List.of())).as("no header").isEqualTo("10.0.0.1");
        assertThat(xff.choose("10.0.0.1", List.of("10.0.0.3, 10.0.0.2"))).as("all trusted: the farthest").isEqualTo("10.0.0.3");
        assertThat(ClientAddressSource.remoteAddr().choose("10.0.0.1", List.of("198.51.100.1"))).isEqualTo("10.0.0.1");
    }

    @Test
    void aWrongConfigurationNamesTheParameter() {
        assertThatThrownBy(() -> ClientAddressSource.parse("header:X-Forwarded-For", null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("trustedProxies");
        assertThatThrownBy(() -> ClientAddressSource.parse("x-forwarded-for", null)).hasMessageContaining("remote-addr or header:NAME");
        assertThatThrownBy(() -> ClientAddressSource.parse("header:X-Forwarded-For", "10.0.0.0/33")).hasMessageContaining("prefix");
        assertThatThrownBy(() -> ClientAddressSource.parse("header:X-Forwarded-For", "proxy.internal"))
                .hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> ClientAddressSource.parse("remote-addr", "10.0.0.0/8")).hasMessageContaining("reads no header");
        assertThatThrownBy(() -> ClientAddressSource.parse("header:Bad Header", "10.0.0.0/8")).hasMessageContaining("not a header name");
        assertThat(ClientAddressSource.parse("remote-addr", null)).hasToString("remote-addr");
    }
}
