package dev.hatch.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.TestEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The metrics table in docs/diagnostics-jfr-loggers-metrics.md stays true: every {@code hatch_*}
 * family a real endpoint exports, and every one Hatch's sources can write (some appear only in a
 * given state, e.g. {@code hatch_leak_exhaustion_seconds} while the heap grows), has a row.
 */
class MetricsDocsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern TYPE = Pattern.compile("^# TYPE (hatch_[a-z0-9_]+) ", Pattern.MULTILINE);
    private static final Pattern WRITTEN = Pattern.compile("\\.(?:gauge|counter)\\(\\s*\"(hatch_[a-z0-9_]+)\"");
    private static final Pattern NAME = Pattern.compile("`(hatch_[a-z0-9_]+)`");

    /** The family names in the first column of the metrics table. */
    static Set<String> documented() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/diagnostics-jfr-loggers-metrics.md"));
        int start = doc.indexOf("## Metrics");
        assertThat(start).as("the metrics section").isGreaterThanOrEqualTo(0);
        Set<String> names = new TreeSet<>();
        boolean inTable = false;
        for (String line : doc.substring(start).split("\n")) {
            if (line.startsWith("| family |")) {
                inTable = true;
            } else if (inTable && !line.startsWith("|")) {
                break;
            } else if (inTable) {
                Matcher m = NAME.matcher(line.split("\\|")[1]);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        assertThat(names).as("rows of the metrics table").isNotEmpty();
        return names;
    }

    @Test
    void everyHatchFamilyTheEndpointExportsIsInTheDocsTable() throws Exception {
        Set<String> exported = new TreeSet<>();
        // A rotation publishes the audit anchor, which adds the hatch_audit_head_* families.
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.auditRotation(4096, 2)))) {
            for (int i = 0; i < 40; i++) {
                e.get("/ops/info", TestEndpoint.MONITOR);
            }
            e.get("/ops/leaks", TestEndpoint.MONITOR);
            Matcher m = TYPE.matcher(e.get("/ops/metrics", TestEndpoint.MONITOR).body());
            while (m.find()) {
                exported.add(m.group(1));
            }
        }
        assertThat(exported).contains("hatch_info", "hatch_requests_total", "hatch_leak_verdict", "hatch_leak_confidence",
                "hatch_audit_head_records");
        assertThat(documented()).containsAll(exported);
    }

    @Test
    void everyHatchFamilyTheSourcesCanWriteIsInTheDocsTable() throws Exception {
        Set<String> written = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve("hatch-core/src/main/java"))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                Matcher m = WRITTEN.matcher(Files.readString(f));
                while (m.find()) {
                    written.add(m.group(1));
                }
            }
        }
        assertThat(written).contains("hatch_leak_exhaustion_seconds", "hatch_audit_write_failures_total");
        assertThat(documented()).containsAll(written);
    }
}
