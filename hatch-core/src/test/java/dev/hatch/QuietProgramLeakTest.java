package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A quiet program, in a child JVM whose young generation is far larger than anything it
 * allocates, runs no collection at all: the leak detector still reads the heap on its timer
 * ({@code hatch.leaks.sample-interval}) and its report says why it has no verdict.
 *
 * <p>The four programs (two scenarios, JDK 17 and 25) mostly wait, so they are all started
 * before the first test and run side by side; each test then watches its own program, with its
 * deadline counted from that program's start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuietProgramLeakTest {
    private static final Path JDK25 = OptionalTool.jdk25Home();
    private final Map<String, ChildJvm> programs = new HashMap<>();
    private final Map<String, Long> started = new HashMap<>();

    @BeforeAll
    void startThePrograms() throws Exception {
        for (String jdk : List.of("test", "25")) {
            Path home = home(jdk);
            if (jdk.equals("25") && (home == null || !Files.isExecutable(home.resolve("bin/java")))) {
                continue; // the JDK 25 rows skip (or fail when tools are required) in the tests themselves
            }
            start("quiet-" + jdk, () -> ChildJvm.start(home, Files.createTempDirectory("hatch-quiet"), Map.of(),
                    List.of("-XX:+UseSerialGC", "-Xms384m", "-Xmx384m", "-Xmn320m", "-XX:-UseAdaptiveSizePolicy"),
                    "leaks-sample=1S", "leaks-interval=0.2S", "no-histograms"));
            // 512 KB/s kept and no garbage: the 256 MB young generation would take minutes to fill, so
            // the JVM runs no collection of its own. Only the timer's readings can start the detector's
            // confirmations, whose full collections then show the growth.
            start("leak-" + jdk, () -> ChildJvm.start(home, Files.createTempDirectory("hatch-quiet-leak"), Map.of(),
                    List.of("-XX:+UseSerialGC", "-Xms512m", "-Xmx512m", "-Xmn256m", "-XX:-UseAdaptiveSizePolicy"),
                    "leaks-sample=1S", "leaks-interval=1S", "leak=512"));
        }
    }

    private void start(String name, Callable<ChildJvm> launch) throws Exception {
        programs.put(name, launch.call());
        started.put(name, System.currentTimeMillis());
    }

    @AfterAll
    void stopThePrograms() throws Exception {
        for (ChildJvm c : programs.values()) {
            c.close();
        }
    }

    private static Path home(String jdk) {
        return jdk.equals("test") ? Path.of(System.getProperty("java.home")) : JDK25;
    }

    /** The program started for a scenario, after the JDK check (which skips a missing JDK 25). */
    private ChildJvm program(String scenario, String jdk) {
        OptionalTool.jdk(String.valueOf(home(jdk)));
        return programs.get(scenario + "-" + jdk);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(ChildJvm c, String path) throws Exception {
        return (Map<String, Object>) JsonTree.value(c.get(path, TestEndpoint.MONITOR).body());
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"test", "25"})
    @SuppressWarnings("unchecked")
    void theTimerReadsTheHeapOfAProgramThatNeverCollects(String jdk) throws Exception {
        ChildJvm c = program("quiet", jdk);
        long deadline = started.get("quiet-" + jdk) + 60_000;
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

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"test", "25"})
    @SuppressWarnings("unchecked")
    void aLeakInAProgramThatNeverCollectsIsStillFound(String jdk) throws Exception {
        ChildJvm c = program("leak", jdk);
        long deadline = started.get("leak-" + jdk) + 150_000;
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
