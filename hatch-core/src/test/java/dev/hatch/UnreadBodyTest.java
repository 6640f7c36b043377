package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A request whose body its handler never reads (a body sent to {@code POST /ops/gc}, or a route
 * that refuses before reading) leaves bytes the server cannot wait for. The answer must then say
 * {@code Connection: close}: a client that reused the connection would have its next request
 * read as the rest of this body, or find the connection cut (the JDK client's "header parser
 * received no bytes"). A body that was read keeps the connection. Raw sockets, so that the body
 * can be held back on purpose.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnreadBodyTest {
    private TestEndpoint e;

    @BeforeAll
    void start() throws Exception {
        e = TestEndpoint.start();
    }

    @AfterAll
    void stop() throws Exception {
        e.close();
    }

    private static String post(String target, String token, int declared, String body) {
        return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + declared + "\r\n\r\n" + body;
    }

    @Test
    void anAnswerServedWithoutReadingTheBodyClosesTheConnection() throws Exception {
        try (RawClient c = RawClient.connect("127.0.0.1", e.hatch().port())) {
            c.send(post("/ops/gc", TestEndpoint.OPERATE, 16, "")); // the body is held back
            RawClient.Response r = c.read();
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(c.closedByServer(5000)).isTrue();
        }
    }

    @Test
    void aRouteThatRefusesWithoutReadingTheBodyClosesTheConnection() throws Exception {
        try (RawClient c = RawClient.connect("127.0.0.1", e.hatch().port())) {
            // A query the route refuses before it looks at the body.
            c.send(post("/ops/gc?unexpected=1", TestEndpoint.OPERATE, 16, ""));
            RawClient.Response r = c.read();
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
        }
    }

    @Test
    void aRefusalBeforeAnyHandlerRanClosesTheConnection() throws Exception {
        try (RawClient c = RawClient.connect("127.0.0.1", e.hatch().port())) {
            c.send(post("/ops/gc", "wrong-token-0123456789abcdef", 16, ""));
            RawClient.Response r = c.read();
            assertThat(r.status()).as(r.body()).isEqualTo(401);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
        }
    }

    @Test
    void aBodyThatWasReadKeepsTheConnection() throws Exception {
        String body = "{\"level\":\"INFO\",\"framework\":\"jul\"}";
        try (RawClient c = RawClient.connect("127.0.0.1", e.hatch().port())) {
            c.send(post("/ops/loggers/unread.body.probe", TestEndpoint.OPERATE, body.length(), body));
            RawClient.Response first = c.read();
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(first.header("Connection")).isNull();
            c.send("GET /ops/health HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestEndpoint.MONITOR + "\r\n\r\n");
            assertThat(c.read().status()).as("the same connection serves the next request").isEqualTo(200);
        } finally {
            java.util.logging.Logger.getLogger("unread.body.probe").setLevel(null);
        }
    }
}
