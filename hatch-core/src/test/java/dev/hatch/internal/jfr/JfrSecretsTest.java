package dev.hatch.internal.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.ChildJvm;
import dev.hatch.OptionalTool;
import dev.hatch.TestEndpoint;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets in JFR recordings, against child JVMs on JDK 17 (the test's) and 25: the environment
 * holds {@code DB_PASSWORD}, the command line {@code -Dpayments.api.token}; the {@code .jfr}
 * files Hatch serves must hold neither (checked in the raw bytes, with
 * {@link RecordingFile} and with the JDK's {@code jfr print}), and JFR's repository must be a
 * 0700 directory Hatch created.
 */
class JfrSecretsTest {
    static final String DB_PASSWORD = "hunter2-db-secret-4711";
    static final String API_TOKEN = "tok-payments-secret-0815";
    static final String PLAIN = "plain-visible-value-42";
    static final Path JDK17 = Path.of(System.getProperty("java.home"));
    static final Path JDK25 = OptionalTool.jdk25Home();

    @TempDir
    Path tmp;

    @Test
    void recordingsCarryNoSecretsAndTheRepositoryIsPrivateOnJdk17() throws Exception {
        recordingsCarryNoSecretsAndTheRepositoryIsPrivate(JDK17);
    }

    @Test
    void recordingsCarryNoSecretsAndTheRepositoryIsPrivateOnJdk25() throws Exception {
        OptionalTool.jdk25();
        recordingsCarryNoSecretsAndTheRepositoryIsPrivate(JDK25);
    }

    @Test
    void secretEventsOfAnotherRecordingAreRefusedOnJdk17AndBlankedFromAProfile() throws Exception {
        try (ChildJvm child = startChild(JDK17, "-XX:StartFlightRecording=name=app-startup,settings=default")) {
            HttpResponse<byte[]> jfr = continuousDump(child);
            String detail = new String(jfr.body(), StandardCharsets.UTF_8);
            assertThat(jfr.statusCode()).as(detail).isEqualTo(409);
            assertThat(jfr.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(detail).contains("app-startup").contains("jdk.InitialEnvironmentVariable").contains("jdk.JVMInformation")
                    .doesNotContain(DB_PASSWORD).doesNotContain(API_TOKEN);
            // A profile keeps only its own events, blanking the others in place: nothing secret is left to refuse.
            HttpResponse<byte[]> profile = child.getBytes("/ops/profile?seconds=1&format=jfr", TestEndpoint.DUMP);
            assertThat(profile.statusCode()).as(new String(profile.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            Path profileFile = Files.write(tmp.resolve("profile-17.jfr"), profile.body());
            assertNoSecrets(profileFile, JDK17);
            assertThat(types(RecordingFile.readAllEvents(profileFile))).containsExactly("jdk.ExecutionSample");
            // the formats that hold only stacks are still served
            assertThat(child.get("/ops/profile?seconds=1&format=collapsed", TestEndpoint.DUMP).statusCode()).isEqualTo(200);
            assertThat(jfrFilesLeftIn(child.directory().resolve("dumps"))).isEmpty();
        }
    }

    @Test
    void secretEventsOfAnotherRecordingAreDroppedOnJdk25() throws Exception {
        OptionalTool.jdk25();
        try (ChildJvm child = startChild(JDK25, "-XX:StartFlightRecording=name=app-startup,settings=default")) {
            HttpResponse<byte[]> jfr = continuousDump(child);
            assertThat(jfr.statusCode()).as(new String(jfr.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            Path file = Files.write(tmp.resolve("continuous-25.jfr"), jfr.body());
            assertNoSecrets(file, JDK25);
            // Only what the masking of /ops/env would alter is dropped: the plain variable and
            // properties stay, DB_PASSWORD goes, and so does JVMInformation (its jvmArguments
            // hold -Dpayments.api.token=…).
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            assertThat(keys(events, "jdk.InitialEnvironmentVariable")).contains("HATCH_PLAIN_SETTING").doesNotContain("DB_PASSWORD");
            assertThat(keys(events, "jdk.InitialSystemProperty")).contains("java.vm.name").doesNotContain("payments.api.token");
            assertThat(types(events)).doesNotContain("jdk.JVMInformation").contains("jdk.CPUInformation");

            HttpResponse<byte[]> profile = child.getBytes("/ops/profile?seconds=2&format=jfr", TestEndpoint.DUMP);
            assertThat(profile.statusCode()).isEqualTo(200);
            Path profileFile = Files.write(tmp.resolve("profile-25.jfr"), profile.body());
            assertNoSecrets(profileFile, JDK25);
            assertThat(types(RecordingFile.readAllEvents(profileFile))).containsExactly("jdk.ExecutionSample");
            assertThat(jfrFilesLeftIn(child.directory().resolve("dumps"))).isEmpty();
        }
    }

    private void recordingsCarryNoSecretsAndTheRepositoryIsPrivate(Path javaHome) throws Exception {
        try (ChildJvm child = startChild(javaHome)) {
            HttpResponse<byte[]> jfr = continuousDump(child);
            assertThat(jfr.statusCode()).as(new String(jfr.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            Path file = Files.write(tmp.resolve("continuous.jfr"), jfr.body());
            assertNoSecrets(file, javaHome);
            assertThat(types(RecordingFile.readAllEvents(file))).contains("jdk.CPUInformation");

            HttpResponse<byte[]> profile = child.getBytes("/ops/profile?seconds=2&format=jfr", TestEndpoint.DUMP);
            assertThat(profile.statusCode()).isEqualTo(200);
            Path profileFile = Files.write(tmp.resolve("profile.jfr"), profile.body());
            assertNoSecrets(profileFile, javaHome);
            Set<String> profileTypes = types(RecordingFile.readAllEvents(profileFile));
            assertThat(profileTypes).contains("jdk.ExecutionSample");
            if (feature(javaHome) >= 19) {
                // issue 16: only the profile's own events, although the continuous recording runs
                assertThat(profileTypes).containsExactly("jdk.ExecutionSample");
            }

            // JFR's repository: a 0700 directory Hatch created in its private state directory,
            // holding the chunks; none in the temp directory, where JFR would put it otherwise.
            Path state = child.directory().resolve("tmp").resolve("hatch-" + System.getProperty("user.name"));
            List<Path> repositories = list(state, "jfr-repository-*");
            assertThat(repositories).hasSize(1);
            Path repository = repositories.get(0);
            assertThat(Files.isSymbolicLink(repository)).isFalse();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(repository, LinkOption.NOFOLLOW_LINKS)))
                    .isEqualTo("rwx------");
            try (Stream<Path> s = Files.walk(repository)) {
                assertThat(s.filter(p -> p.toString().endsWith(".jfr")).count()).as("chunks in " + repository).isPositive();
            }
            assertThat(list(child.directory().resolve("tmp"), "20*")).as("JFR's default repository").isEmpty();
            // the files Hatch wrote to serve the recordings are gone
            assertThat(jfrFilesLeftIn(child.directory().resolve("dumps"))).isEmpty();
        }
    }

    private ChildJvm startChild(Path javaHome, String... extraJvmArgs) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("child-" + feature(javaHome)));
        Files.createDirectories(dir.resolve("tmp"));
        List<String> jvmArgs = new ArrayList<>(List.of("-Dpayments.api.token=" + API_TOKEN, "-Djava.io.tmpdir=" + dir.resolve("tmp")));
        jvmArgs.addAll(List.of(extraJvmArgs));
        return ChildJvm.start(javaHome, dir, Map.of("DB_PASSWORD", DB_PASSWORD, "HATCH_PLAIN_SETTING", PLAIN), jvmArgs, "jfr");
    }

    /** {@code /ops/jfr?last=60}, once the continuous recording has started. */
    private static HttpResponse<byte[]> continuousDump(ChildJvm child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            HttpResponse<byte[]> r = child.getBytes("/ops/jfr?last=60", TestEndpoint.DUMP);
            if (r.statusCode() != 503 || System.nanoTime() > deadline) {
                return r;
            }
            Thread.sleep(200);
        }
    }

    /** Neither secret in the bytes, in any string field of any event, nor in {@code jfr print} of both JDKs. */
    static void assertNoSecrets(Path file, Path javaHome) throws Exception {
        String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain(DB_PASSWORD).doesNotContain(API_TOKEN);
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            for (ValueDescriptor d : e.getFields()) {
                if (d.getTypeName().equals("java.lang.String")) {
                    String v = e.getString(d.getName());
                    if (v != null) {
                        assertThat(v).as(e.getEventType().getName() + "." + d.getName()).doesNotContain(DB_PASSWORD)
                                .doesNotContain(API_TOKEN);
                    }
                }
            }
        }
        for (Path jdk : new TreeSet<>(List.of(javaHome, JDK17))) {
            String printed = jfrPrint(jdk, file);
            assertThat(printed).as("jfr print of " + jdk).doesNotContain(DB_PASSWORD).doesNotContain(API_TOKEN);
        }
    }

    static String jfrPrint(Path javaHome, Path file) throws IOException, InterruptedException {
        Path out = file.resolveSibling(file.getFileName() + "." + feature(javaHome) + ".txt");
        Process p = new ProcessBuilder(javaHome.resolve("bin/jfr").toString(), "print", file.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String printed = Files.readString(out);
        assertThat(p.exitValue()).as(printed.length() > 2000 ? printed.substring(0, 2000) : printed).isZero();
        assertThat(printed).contains("jdk.");
        return printed;
    }

    private static Set<String> types(List<RecordedEvent> events) {
        Set<String> types = new TreeSet<>();
        events.forEach(e -> types.add(e.getEventType().getName()));
        return types;
    }

    private static Set<String> keys(List<RecordedEvent> events, String type) {
        Set<String> keys = new TreeSet<>();
        events.stream().filter(e -> e.getEventType().getName().equals(type)).forEach(e -> keys.add(e.getString("key")));
        return keys;
    }

    private static List<Path> list(Path dir, String glob) throws IOException {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (var ds = Files.newDirectoryStream(dir, glob)) {
                ds.forEach(found::add);
            }
        }
        return found;
    }

    /** JFR files still there once the server has had time to finish: it deletes them after the response is sent. */
    private static List<Path> jfrFilesLeftIn(Path dir) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<Path> left = jfrFilesIn(dir);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = jfrFilesIn(dir);
        }
        return left;
    }

    private static List<Path> jfrFilesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".jfr")).toList();
        }
    }

    static int feature(Path javaHome) {
        return javaHome.equals(JDK17) ? Runtime.version().feature() : javaHome.toString().contains("25") ? 25 : 0;
    }
}
