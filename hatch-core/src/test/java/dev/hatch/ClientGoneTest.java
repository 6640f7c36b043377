package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A client that hangs up in the middle of its request body is recorded as aborted, and leaves
 * no warning or stack trace in the application's log: otherwise any token holder could fill
 * the host's log with them.
 */
class ClientGoneTest {

    @Test
    void aClientThatHangsUpMidBodyIsAbortedWithoutAWarning() throws Exception {
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger hatchLog = Logger.getLogger("dev.hatch");
        hatchLog.addHandler(capture);
        try (TestEndpoint e = TestEndpoint.start()) {
            for (int i = 0; i < 3; i++) {
                try (RawClient c = RawClient.connect("127.0.0.1", e.hatch().port())) {
                    c.send("POST /ops/loggers/x.y HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestEndpoint.OPERATE
                            + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"level\":");
                }
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            String audit = "";
            while (System.nanoTime() < deadline) {
                audit = Files.readString(e.hatch().auditFile());
                if (audit.split("\"outcome\":\"aborted\"", -1).length > 3) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(audit.split("\"outcome\":\"aborted\"", -1).length - 1).isEqualTo(3);
            assertThat(audit).contains("client went away: while sending the body").doesNotContain("\"outcome\":\"error\"");
            assertThat(warnings).as("warnings logged").isEmpty();
        } finally {
            hatchLog.removeHandler(capture);
        }
    }
}
