package dev.hatch.internal.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.ChildJvm;
import dev.hatch.OptionalTool;
import dev.hatch.TestEndpoint;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A profile's {@code .jfr} holds the profile's own events only, while the continuous recording
 * runs beside it (Java 19+ rewrites the file; Java 17 blanks the other events in place), and its
 * folded stacks name generated and hidden classes the same way in every process. Child JVMs on
 * 17 and 25.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ProfileEventsTest {
    static final Path JDK17 = JfrSecretsTest.JDK17;
    static final Path JDK25 = JfrSecretsTest.JDK25;

    @TempDir
    Path tmp;

    @Test
    void profileJfrHoldsOnlyItsOwnEventsBesideTheContinuousRecordingOnJdk17() throws Exception {
        ownEventsOnly(JDK17);
    }

    @Test
    void profileJfrHoldsOnlyItsOwnEventsBesideTheContinuousRecordingOnJdk25() throws Exception {
        OptionalTool.jdk25();
        ownEventsOnly(JDK25);
    }

    @Test
    void foldedStacksNameGeneratedClassesAlikeInTwoProcessesOnJdk17() throws Exception {
        sameFramesInTwoProcesses(JDK17);
    }

    @Test
    void foldedStacksNameGeneratedClassesAlikeInTwoProcessesOnJdk25() throws Exception {
        OptionalTool.jdk25();
        sameFramesInTwoProcesses(JDK25);
    }

    private void ownEventsOnly(Path javaHome) throws Exception {
        String v = String.valueOf(JfrSecretsTest.feature(javaHome));
        try (ChildJvm child = start(javaHome, "own-" + v, "jfr")) {
            awaitContinuousRecording(child);
            Instant before = Instant.now();
            HttpResponse<byte[]> r = child.getBytes("/ops/profile?seconds=2&format=jfr", TestEndpoint.DUMP);
            Instant after = Instant.now();
            assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            Path file = Files.write(tmp.resolve("profile-" + v + ".jfr"), r.body());
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            Set<String> types = new TreeSet<>();
            events.forEach(e -> types.add(e.getEventType().getName()));
            // The continuous recording samples the same events and many more (CPU load, GC, threads...): none of them.
            assertThat(types).containsExactly("jdk.ExecutionSample");
            // How many samples a window catches depends on the machine's load (a CI run caught 3 in 2 s on JDK 25):
            // the claim is about which events, so one is enough, and every one must fall inside the window.
            assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.getStartTime()).isBetween(before, after));
            // The file stays readable by the JDK's own tool, of both versions.
            for (Path jdk : new TreeSet<>(List.of(javaHome, JDK17))) {
                assertThat(JfrSecretsTest.jfrPrint(jdk, file)).contains("jdk.ExecutionSample").doesNotContain("jdk.CPULoad");
            }
        }
    }

    private void sameFramesInTwoProcesses(Path javaHome) throws Exception {
        String v = String.valueOf(JfrSecretsTest.feature(javaHome));
        // The two processes run side by side: each is profiled on its own, so neither sees the other.
        java.util.concurrent.CompletableFuture<Set<String>> other = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return generatedFrames(javaHome, "second-" + v);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        Set<String> first = generatedFrames(javaHome, "first-" + v);
        Set<String> second = other.get(180, TimeUnit.SECONDS);
        assertThat(first).isEqualTo(second);
        assertThat(first).anySatisfy(f -> assertThat(f).startsWith("dev.hatch.ChildApp$$Lambda."))
                .anySatisfy(f -> assertThat(f).endsWith("$Proxy.call"));
    }

    /** The frames on the lambda thread's stacks that belong to generated or hidden classes, from a profile's folded stacks. */
    private Set<String> generatedFrames(Path javaHome, String name) throws Exception {
        try (ChildJvm child = start(javaHome, name, "lambdas")) {
            Set<String> frames = new TreeSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            // Until the reflective call has been compiled into its final form (JDK 17 inflates it after 15 calls).
            while (System.nanoTime() < deadline && frames.stream().noneMatch(f -> f.contains("$Proxy"))) {
                HttpResponse<String> r = child.get("/ops/profile?seconds=2&format=collapsed", TestEndpoint.DUMP);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.body()).doesNotContain("0x").doesNotContainPattern("\\$Proxy[0-9]").doesNotContainPattern("Accessor[0-9]");
                frames.clear();
                for (String line : r.body().split("\n")) {
                    if (!line.contains("ChildApp.compute")) {
                        continue;
                    }
                    for (String frame : line.substring(0, line.lastIndexOf(' ')).split(";")) {
                        if (frame.contains("$$") || frame.contains("$Proxy") || frame.contains("Generated")
                                || frame.contains("LambdaForm") || frame.contains("Accessor")) {
                            frames.add(frame);
                        }
                    }
                }
            }
            // The flame graph is drawn from the same tree: the same names, no addresses.
            HttpResponse<String> html = child.get("/ops/profile?seconds=2&format=html", TestEndpoint.DUMP);
            assertThat(html.statusCode()).isEqualTo(200);
            assertThat(html.body()).contains("ChildApp$$Lambda.").doesNotContain("0x").doesNotContainPattern("\\$Proxy[0-9]");
            return frames;
        }
    }

    private ChildJvm start(Path javaHome, String name, String... args) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        return ChildJvm.start(javaHome, dir, Map.of(), List.of(), args);
    }

    private static void awaitContinuousRecording(ChildJvm child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (child.getBytes("/ops/jfr?last=10", TestEndpoint.DUMP).statusCode() != 200) {
            assertThat(System.nanoTime()).as("the continuous recording never started").isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
