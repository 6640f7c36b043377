package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A quiet program, in a child JVM whose young generation is far larger than anything it
 * allocates, runs no collection at all: the leak detector still reads the heap on its timer
 * ({@code hatch.leaks.sample-interval}) and its report says why it has no verdict.
 */
class QuietProgramLeakTest {
    private static final Path JDK25 = OptionalTool.jdk25Home();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(ChildJvm c, String path) throws Exception {
        return (Map<String, Object>) JsonTree.value(c.get(path, TestEndpoint.MONITOR).body());
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"test", "25"})
    @SuppressWarnings("unchecked")
    void theTimerReadsTheHeapOfAProgramThatNeverCollects(String jdk) throws Exception {
        Path home = jdk.equals("test") ? Path.of(System.getProperty("java.home")) : JDK25;
        OptionalTool.jdk(home.toString());
        Path dir = Files.createTempDirectory("hatch-quiet");
        try (ChildJvm c = ChildJvm.start(home, dir, Map.of(),
                List.of("-XX:+UseSerialGC", "-Xms384m", "-Xmx384m", "-Xmn320m", "-XX:-UseAdaptiveSizePolicy"),
                "leaks-sample=1S", "leaks-interval=0.2S", "no-histograms")) {
            long deadline = System.currentTimeMillis() + 60_000;
            List<Object> sampled = List.of();
            Map<String, Object> m = Map.of();
            while (sampled.size() < 3 && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
                m = json(c, "/ops/memory");
                sampled = ((List<Object>) ((Map<String, Object>) m.get("postGc")).get("samples")).stream()
                        .filter(s -> "sampled".equals(((Map<String, Object>) s).get("kind"))).toList();
            }
            assertThat(sampled).as("timer samples within 60 s").hasSizeGreaterThanOrEqualTo(3);
            for (Object g : (List<Object>) m.get("collectors")) {
                assertThat(((Number) ((Map<String, Object>) g).get("count")).longValue()).as("collections run: %s", g).isZero();
            }
            Map<String, Object> postGc = (Map<String, Object>) m.get("postGc");
            assertThat((List<Object>) postGc.get("samples")).as("nothing but timer samples").hasSameSizeAs(sampled);
            for (Object o : sampled) {
                Map<String, Object> s = (Map<String, Object>) o;
                assertThat(s).containsEntry("collector", "none").containsKeys("time", "heapUsedBytes", "oldUsedBytes")
                        .doesNotContainKeys("oldAfterBytes", "oldBeforeBytes");
                assertThat(((Number) s.get("heapUsedBytes")).longValue()).isPositive();
            }
            assertThat(((Number) ((Map<String, Object>) m.get("leakDetector")).get("timerSamples")).longValue())
                    .isGreaterThanOrEqualTo(3);
            Map<String, Object> report = json(c, "/ops/leaks");
            assertThat(report).containsEntry("verdict", "none");
            assertThat((String) report.get("explanation")).contains("No verdict yet: no garbage collection has run")
                    .contains("The heap's usage was read").contains("hatch.leaks.sample-interval");
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"test", "25"})
    @SuppressWarnings("unchecked")
    void aLeakInAProgramThatNeverCollectsIsStillFound(String jdk) throws Exception {
        Path home = jdk.equals("test") ? Path.of(System.getProperty("java.home")) : JDK25;
        OptionalTool.jdk(home.toString());
        Path dir = Files.createTempDirectory("hatch-quiet-leak");
        // 512 KB/s kept and no garbage: the 256 MB young generation would take minutes to fill, so
        // the JVM runs no collection of its own. Only the timer's readings can start the detector's
        // confirmations, whose full collections then show the growth.
        try (ChildJvm c = ChildJvm.start(home, dir, Map.of(),
                List.of("-XX:+UseSerialGC", "-Xms512m", "-Xmx512m", "-Xmn256m", "-XX:-UseAdaptiveSizePolicy"),
                "leaks-sample=1S", "leaks-interval=1S", "leak=512")) {
            long deadline = System.currentTimeMillis() + 150_000;
            Map<String, Object> report = Map.of();
            while (System.currentTimeMillis() < deadline) {
                report = json(c, "/ops/leaks");
                if (List.of("suspected", "likely").contains(report.get("verdict"))) {
                    break;
                }
                Thread.sleep(1000);
            }
            assertThat(report.get("verdict")).as("%s", report).isIn("suspected", "likely");
            Map<String, Object> m = json(c, "/ops/memory");
            Map<String, Object> detector = (Map<String, Object>) m.get("leakDetector");
            assertThat(((Number) detector.get("timerSamples")).longValue()).isPositive();
            assertThat(((Number) ((Map<String, Object>) detector.get("histograms")).get("confirmedGrowth")).longValue()).isPositive();
            for (Object g : (List<Object>) m.get("collectors")) {
                Map<String, Object> gc = (Map<String, Object>) g;
                if (gc.get("name").equals("Copy")) {
                    assertThat(((Number) gc.get("count")).longValue()).as("young collections").isZero();
                }
            }
            assertThat(((List<Object>) report.get("suspects")).stream().map(x -> ((Map<String, Object>) x).get("class")))
                    .contains("[B");
        }
    }
}
