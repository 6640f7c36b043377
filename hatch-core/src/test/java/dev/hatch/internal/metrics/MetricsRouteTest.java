package dev.hatch.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hatch.OptionalTool;
import dev.hatch.TestEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("multi-jdk")
class MetricsRouteTest {

    @Test
    void metricsPassPromtoolCheck() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            e.get("/ops/threads", null);
            e.get("/ops/info", TestEndpoint.MONITOR);
            HttpResponse<String> r = e.get("/ops/metrics", TestEndpoint.MONITOR);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            promtool(r.body());
        }
    }

    @Test
    void auditMetricsWithAPublishedAnchorPassPromtoolCheck() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.auditRotation(4096, 2)))) {
            for (int i = 0; i < 40; i++) {
                e.get("/ops/info", TestEndpoint.MONITOR); // enough to rotate, which publishes the anchor
            }
            String body = e.get("/ops/metrics", TestEndpoint.MONITOR).body();
            assertThat(body).contains("# TYPE hatch_audit_records_total counter", "hatch_audit_write_failures_total 0",
                    "# TYPE hatch_audit_head_records gauge", "hatch_audit_head_info{hash=\"",
                    "hatch_audit_head_timestamp_seconds ");
            promtool(body);
        }
    }

    @Test
    void metricsCoverTheJvmTheProcessAndHatchsOwnRequests() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            e.get("/ops/info", null);
            e.get("/ops/info", "wrong-token-0123456789abcdef");
            e.get("/ops/heapdump", TestEndpoint.MONITOR);
            e.get("/ops/info", TestEndpoint.MONITOR);
            String body = e.get("/ops/metrics", TestEndpoint.MONITOR).body();
            assertThat(body).contains(
                    "# TYPE jvm_memory_used_bytes gauge", "jvm_memory_used_bytes{area=\"heap\"}",
                    "jvm_memory_used_bytes{area=\"nonheap\"}", "jvm_memory_max_bytes{area=\"heap\"}",
                    "jvm_memory_pool_used_bytes{pool=", "# TYPE jvm_gc_collections_total counter",
                    "# TYPE jvm_gc_collection_seconds_total counter", "jvm_threads_current ", "jvm_threads_daemon ",
                    "jvm_threads_peak ", "jvm_threads_state{state=\"RUNNABLE\"}", "jvm_classes_currently_loaded ",
                    "jvm_classes_unloaded_total ", "jvm_buffer_pool_used_bytes{pool=\"direct\"}",
                    "jvm_buffer_pool_capacity_bytes{pool=\"mapped\"}", "jvm_buffer_pool_used_buffers{pool=\"direct\"}",
                    "process_cpu_seconds_total ", "process_open_fds ", "process_max_fds ", "process_start_time_seconds ",
                    "process_resident_memory_bytes ", "hatch_info{version=",
                    "hatch_requests_total{route=\"info\",status=\"2xx\",outcome=\"ok\"} 1",
                    "hatch_refusals_total{reason=\"unauthenticated\"} 2", "hatch_refusals_total{reason=\"forbidden\"} 1",
                    "hatch_refusals_total{reason=\"rate-limited\"} 0", "hatch_metrics_source_errors_total 0");
            assertThat(value(body, "process_cpu_seconds_total")).isGreaterThan(0);
        }
    }

    @Test
    void unknownPathsAreCountedWithoutTheirPath() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            e.get("/ops/no-such-route-12345", TestEndpoint.MONITOR);
            String body = e.get("/ops/metrics", TestEndpoint.MONITOR).body();
            assertThat(body).contains("hatch_requests_total{route=\"none\",status=\"4xx\",outcome=\"refused\"} 1")
                    .doesNotContain("no-such-route-12345");
        }
    }

    @Test
    void labelValuesAndHelpAreEscaped() throws Exception {
        MetricsWriter w = new MetricsWriter();
        w.gauge("test_escaping_bytes", "Help with a \\ backslash\nand a new line.")
                .sample(1.5, "name", "quote \" backslash \\ newline \n end")
                .sample(Double.NaN, "name", "nan")
                .sample(Double.POSITIVE_INFINITY, "name", "inf");
        w.counter("test_things_total", "Things.").sample(12345678901L);
        String text = w.toString();
        assertThat(text).contains("# HELP test_escaping_bytes Help with a \\\\ backslash\\nand a new line.\n",
                "test_escaping_bytes{name=\"quote \\\" backslash \\\\ newline \\n end\"} 1.5\n",
                "test_escaping_bytes{name=\"nan\"} NaN\n", "test_escaping_bytes{name=\"inf\"} +Inf\n",
                "test_things_total 12345678901\n");
        promtool(text);
    }

    @Test
    void writerRefusesMalformedFamilies() {
        MetricsWriter w = new MetricsWriter();
        assertThatThrownBy(() -> w.counter("requests", "no suffix")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.gauge("bad-name", "dash")).isInstanceOf(IllegalArgumentException.class);
        w.gauge("twice", "first");
        assertThatThrownBy(() -> w.gauge("twice", "again")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> w.gauge("ok", "x").sample(1, "bad-label", "v")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailingSourceLosesOnlyItsOwnFamilies() throws Exception {
        MetricsRoute route = new MetricsRoute("test");
        route.addSource(w -> {
            w.gauge("half_written", "A source that fails halfway.").sample(1);
            throw new IllegalStateException("boom");
        });
        route.addSource(w -> w.gauge("hatch_test_extra", "An added source.").sample(42));
        String text = route.collect();
        assertThat(text).doesNotContain("half_written").contains("hatch_test_extra 42", "jvm_memory_used_bytes",
                "hatch_metrics_source_errors_total 1");
        promtool(text);
    }

    @Test
    void metricsNeedAValidTokenWithTheMonitorScope() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            assertThat(e.get("/ops/metrics", null).statusCode()).isEqualTo(401);
            assertThat(e.get("/ops/metrics", "wrong-token-0123456789abcdef").statusCode()).isEqualTo(401);
            HttpResponse<String> dump = e.get("/ops/metrics", TestEndpoint.DUMP);
            assertThat(dump.statusCode()).isEqualTo(403);
            assertThat(dump.body()).contains("'monitor' scope");
            assertThat(e.get("/ops/metrics?format=json", TestEndpoint.MONITOR).statusCode()).isEqualTo(400);
        }
    }

    private static double value(String body, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(body);
        assertThat(m.find()).as(name).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void metricsExportContainerMemoryAndPassPromtool() throws Exception {
        dev.hatch.internal.container.ContainerMemorySnapshot here = dev.hatch.internal.container.ContainerMemory.live().snapshot();
        String metrics;
        try (TestEndpoint e = TestEndpoint.start()) {
            metrics = e.get("/ops/metrics", TestEndpoint.MONITOR).body();
        }

        assertThat(metrics).contains("hatch_process_resident_memory_bytes{kind=\"anon\"} ",
                "hatch_process_resident_memory_bytes{kind=\"file\"} ", "hatch_process_resident_memory_bytes{kind=\"shmem\"} ");
        if (here.cgroup().limited()) {
            assertThat(metrics).contains("# TYPE hatch_container_memory_limit_bytes gauge");
        } else {
            assertThat(metrics).doesNotContain("hatch_container_memory_limit_bytes");
        }
        if (here.cgroup().usageBytes() != null) {
            assertThat(metrics).contains("# TYPE hatch_container_memory_usage_bytes gauge");
        }
        if (here.cgroup().oomKills() != null) {
            assertThat(metrics).contains("# TYPE hatch_container_oom_kills_total counter",
                    "hatch_container_oom_kills_total " + here.cgroup().oomKills() + "\n");
        }
        // This JVM runs without NMT: no category is made up.
        assertThat(metrics).doesNotContain("hatch_jvm_native_memory_committed_bytes");
        promtool(metrics);
    }

    /** Runs the real {@code promtool check metrics} (Debian package prometheus) and expects no problem at all. */
    static void promtool(String exposition) throws IOException, InterruptedException {
        Path promtool = OptionalTool.onPath("promtool", "apt-get install -y prometheus");
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool said:\n" + out + "\nfor:\n" + exposition).isZero();
        assertThat(out.strip()).as("promtool lint problems").isEmpty();
    }
}
