package dev.hatch.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.OptionalTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules documented for fleets (docs/prometheus) are valid for the real
 * {@code promtool}, and its rule unit tests pass: the alerts fire on a leaking instance and a
 * refusal flood and stay quiet otherwise.
 */
class AlertRulesTest {
    private static final Path RULES = Path.of("..", "docs", "prometheus").toAbsolutePath().normalize();

    private static String promtool(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = OptionalTool.onPath("promtool", "apt-get install -y prometheus").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).directory(RULES.toFile()).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool did not finish");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void alertRulesPassPromtoolCheck() throws Exception {
        assertThat(Files.exists(RULES.resolve("hatch-alerts.yml"))).isTrue();
        assertThat(promtool("check", "rules", "hatch-alerts.yml")).contains("SUCCESS");
    }

    @Test
    void alertRulesFireWhereTheyShould() throws Exception {
        assertThat(promtool("test", "rules", "hatch-alerts-test.yml")).contains("SUCCESS");
    }

    @Test
    void theMetricsTheRulesNeedAreServed() throws Exception {
        String rules = Files.readString(RULES.resolve("hatch-alerts.yml"));
        assertThat(rules).contains("hatch_refusals_total", "hatch_leak_verdict", "hatch_leak_exhaustion_seconds",
                "hatch_leak_growth_bytes_per_minute", "hatch_leak_confidence");
        try (dev.hatch.TestEndpoint e = dev.hatch.TestEndpoint.start()) {
            String metrics = e.get("/ops/metrics", dev.hatch.TestEndpoint.MONITOR).body();
            assertThat(metrics).contains("# TYPE hatch_leak_verdict gauge", "\nhatch_leak_verdict ",
                    "# TYPE hatch_refusals_total counter");
        }
    }
}
