package dev.hatch.internal.loggers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.TestEndpoint;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("multi-jdk")
class LoggerRoutesTest {
    // Held strongly: JUL keeps loggers weakly, and these must outlive the test's requests.
    private static final Logger JUL = Logger.getLogger("dev.hatch.test.jul.revert");
    private static final Logger JUL_KEPT = Logger.getLogger("dev.hatch.test.jul.kept");

    @Test
    void julLevelChangesAndRevertsAfterTheGivenTime() throws Exception {
        JUL.setLevel(null);
        try (TestEndpoint e = TestEndpoint.start()) {
            HttpResponse<String> r = e.send("POST", "/ops/loggers/dev.hatch.test.jul.revert?framework=jul", TestEndpoint.OPERATE,
                    "{\"level\":\"DEBUG\",\"revertAfter\":\"2s\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"framework\":\"jul\"", "\"configuredLevel\":\"DEBUG\"", "\"previousLevel\":null",
                    "\"revertAt\"", "\"revertTo\":null");
            assertThat(JUL.getLevel()).isEqualTo(Level.FINE);
            assertThat(JUL.isLoggable(Level.FINE)).isTrue();
            assertThat(e.get("/ops/loggers?framework=jul&prefix=dev.hatch.test.jul.revert", TestEndpoint.MONITOR).body())
                    .contains("\"configuredLevel\":\"DEBUG\"", "\"revertAt\"");
            waitFor(() -> JUL.getLevel() == null);
            assertThat(JUL.isLoggable(Level.FINE)).isFalse();
            assertThat(e.get("/ops/loggers?framework=jul&prefix=dev.hatch.test.jul.revert", TestEndpoint.MONITOR).body())
                    .contains("\"configuredLevel\":null").doesNotContain("revertAt");
        }
    }

    @Test
    void julNativeLevelsAreShownNormalisedWithTheNativeName() throws Exception {
        JUL_KEPT.setLevel(Level.CONFIG);
        try (TestEndpoint e = TestEndpoint.start()) {
            String body = e.get("/ops/loggers?framework=jul&prefix=dev.hatch.test.jul.kept", TestEndpoint.MONITOR).body();
            assertThat(body).contains("\"name\":\"dev.hatch.test.jul.kept\"", "\"configuredLevel\":\"DEBUG\"",
                    "\"nativeConfiguredLevel\":\"CONFIG\"");
            assertThat(e.get("/ops/loggers?framework=jul", TestEndpoint.MONITOR).body()).contains("\"name\":\"ROOT\"");
        } finally {
            JUL_KEPT.setLevel(null);
        }
    }

    @Test
    void revertRestoresTheExactNativeLevelAndASecondChangeKeepsTheOriginal() throws Exception {
        JUL_KEPT.setLevel(Level.CONFIG);
        try (TestEndpoint e = TestEndpoint.start()) {
            String path = "/ops/loggers/dev.hatch.test.jul.kept?framework=jul";
            assertThat(e.send("POST", path, TestEndpoint.OPERATE, "{\"level\":\"ERROR\",\"revertAfter\":\"PT10M\"}").statusCode())
                    .isEqualTo(200);
            HttpResponse<String> second = e.send("POST", path, TestEndpoint.OPERATE, "{\"level\":\"trace\",\"revertAfter\":\"2s\"}");
            assertThat(second.body()).contains("\"previousLevel\":\"ERROR\"", "\"revertTo\":\"DEBUG\"");
            assertThat(JUL_KEPT.getLevel()).isEqualTo(Level.FINEST);
            waitFor(() -> Level.CONFIG.equals(JUL_KEPT.getLevel()));
        } finally {
            JUL_KEPT.setLevel(null);
        }
    }

    @Test
    void changeWithoutRevertAfterCancelsThePendingRevert() throws Exception {
        JUL.setLevel(null);
        try (TestEndpoint e = TestEndpoint.start()) {
            String path = "/ops/loggers/dev.hatch.test.jul.revert?framework=jul";
            e.send("POST", path, TestEndpoint.OPERATE, "{\"level\":\"WARN\",\"revertAfter\":\"2s\"}");
            HttpResponse<String> r = e.send("POST", path, TestEndpoint.OPERATE, "{\"level\":\"ERROR\"}");
            assertThat(r.body()).doesNotContain("revertAt");
            Thread.sleep(3000); // past the cancelled revert's time: nothing to wait for, so a sleep
            assertThat(JUL.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(e.send("POST", path, TestEndpoint.OPERATE, "{\"level\":null}").statusCode()).isEqualTo(200);
            assertThat(JUL.getLevel()).isNull();
        } finally {
            JUL.setLevel(null);
        }
    }

    @Test
    void closingTheEndpointRevertsPendingChangesAtOnce() throws Exception {
        JUL.setLevel(Level.WARNING);
        try (TestEndpoint e = TestEndpoint.start()) {
            e.send("POST", "/ops/loggers/dev.hatch.test.jul.revert?framework=jul", TestEndpoint.OPERATE,
                    "{\"level\":\"TRACE\",\"revertAfter\":\"1h\"}");
            assertThat(JUL.getLevel()).isEqualTo(Level.FINEST);
        }
        assertThat(JUL.getLevel()).isEqualTo(Level.WARNING);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("hatch-loggers-revert") && t.isAlive()
                && !t.getState().equals(Thread.State.TERMINATED));
        JUL.setLevel(null);
    }

    @Test
    void logbackLevelChangesAndReverts() throws Exception {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.hatch.test.logback.revert");
        try (TestEndpoint e = TestEndpoint.start()) {
            assertThat(logger.isDebugEnabled()).isFalse();
            HttpResponse<String> r = e.send("POST", "/ops/loggers/dev.hatch.test.logback.revert", TestEndpoint.OPERATE,
                    "{\"level\":\"DEBUG\",\"revertAfter\":\"2s\",\"framework\":\"logback\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"framework\":\"logback\"", "\"configuredLevel\":\"DEBUG\"", "\"effectiveLevel\":\"DEBUG\"");
            assertThat(logger.isDebugEnabled()).isTrue();
            waitFor(() -> logger.getLevel() == null);
            assertThat(logger.isDebugEnabled()).isFalse();

            r = e.send("POST", "/ops/loggers/ROOT?framework=logback", TestEndpoint.OPERATE, "{\"level\":\"ERROR\",\"revertAfter\":\"2s\"}");
            assertThat(r.body()).contains("\"name\":\"ROOT\"", "\"previousLevel\":\"WARN\"");
            assertThat(logger.isWarnEnabled()).isFalse();
            waitFor(logger::isWarnEnabled);
            assertThat(e.send("POST", "/ops/loggers/ROOT?framework=logback", TestEndpoint.OPERATE, "{\"level\":null}").statusCode())
                    .isEqualTo(400);
        }
    }

    @Test
    void log4jLevelChangesAndReverts() throws Exception {
        org.apache.logging.log4j.Logger logger = org.apache.logging.log4j.LogManager.getLogger("dev.hatch.test.log4j.revert");
        try (TestEndpoint e = TestEndpoint.start()) {
            assertThat(logger.isDebugEnabled()).isFalse();
            HttpResponse<String> r = e.send("POST", "/ops/loggers/dev.hatch.test.log4j.revert?framework=log4j2", TestEndpoint.OPERATE,
                    "{\"level\":\"DEBUG\",\"revertAfter\":\"2s\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"framework\":\"log4j2\"", "\"configuredLevel\":\"DEBUG\"", "\"previousLevel\":null");
            assertThat(logger.isDebugEnabled()).isTrue();
            waitFor(() -> !logger.isDebugEnabled());
            String list = e.get("/ops/loggers?framework=log4j2", TestEndpoint.MONITOR).body();
            assertThat(list).contains("\"name\":\"ROOT\"", "\"name\":\"dev.hatch.test.log4j.configured\",\"configuredLevel\":\"ERROR\"");
        }
    }

    @Test
    void listShowsEveryFrameworkInUse() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            HttpResponse<String> r = e.get("/ops/loggers", TestEndpoint.MONITOR);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"frameworks\":[\"logback\",\"log4j2\",\"jul\"]", "\"defaultFramework\":null",
                    "\"levels\":[\"TRACE\",\"DEBUG\",\"INFO\",\"WARN\",\"ERROR\",\"OFF\"]",
                    "{\"framework\":\"logback\",\"name\":\"ROOT\",\"configuredLevel\":\"WARN\",\"effectiveLevel\":\"WARN\"}");
        }
    }

    @Test
    void badChangesAreRefusedWith400() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            String path = "/ops/loggers/dev.hatch.test.bad?framework=jul";
            String[] bodies = {"{\"level\":\"VERBOSE\"}", "{}", "{\"level\":3}", "{\"level\":\"DEBUG\",\"revertAfter\":\"25h\"}",
                "{\"level\":\"DEBUG\",\"revertAfter\":\"10ms\"}", "{\"level\":\"DEBUG\",\"revertAfter\":\"soon\"}",
                "{\"level\":\"DEBUG\",\"color\":\"red\"}", "not json", "{\"level\":\"DEBUG\",\"framework\":\"logback\"}"};
            for (String body : bodies) {
                HttpResponse<String> r = e.send("POST", path, TestEndpoint.OPERATE, body);
                assertThat(r.statusCode()).as(body).isEqualTo(400);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            }
            HttpResponse<String> unknown = e.send("POST", "/ops/loggers/x?framework=tinylog", TestEndpoint.OPERATE, "{\"level\":\"INFO\"}");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("in use: logback, log4j2, jul");
            HttpResponse<String> ambiguous = e.send("POST", "/ops/loggers/x", TestEndpoint.OPERATE, "{\"level\":\"INFO\"}");
            assertThat(ambiguous.statusCode()).isEqualTo(400);
            assertThat(ambiguous.body()).contains("name one with the framework field or query parameter");
            assertThat(java.util.logging.LogManager.getLogManager().getLogger("dev.hatch.test.bad")).isNull();
        }
    }

    @Test
    void loggersNeedMonitorToReadAndOperateToChange() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            assertThat(e.get("/ops/loggers", null).statusCode()).isEqualTo(401);
            assertThat(e.get("/ops/loggers", "wrong-token-0123456789abcdef").statusCode()).isEqualTo(401);
            assertThat(e.get("/ops/loggers", TestEndpoint.DUMP).statusCode()).isEqualTo(403);
            String path = "/ops/loggers/dev.hatch.test.jul.revert?framework=jul";
            String body = "{\"level\":\"DEBUG\"}";
            assertThat(e.send("POST", path, null, body).statusCode()).isEqualTo(401);
            assertThat(e.send("POST", path, "wrong-token-0123456789abcdef", body).statusCode()).isEqualTo(401);
            HttpResponse<String> monitor = e.send("POST", path, TestEndpoint.MONITOR, body);
            assertThat(monitor.statusCode()).isEqualTo(403);
            assertThat(monitor.body()).contains("'operate' scope");
            assertThat(JUL.getLevel()).isNull();
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
