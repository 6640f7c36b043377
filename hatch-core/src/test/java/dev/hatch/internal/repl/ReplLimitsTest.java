package dev.hatch.internal.repl;

import static dev.hatch.internal.repl.ReplTest.eval;
import static dev.hatch.internal.repl.ReplTest.open;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.TestEndpoint;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The REPL's switches and limits, each on its own endpoint. */
@Tag("multi-jdk")
class ReplLimitsTest {

    @Test
    void disabledReplAnswers403WithHowToEnableIt() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            HttpResponse<String> r = e.send("POST", "/ops/repl/sessions", TestEndpoint.REPL, null);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(r.body()).contains("REPL is disabled", "hatch.repl.enabled=true", "replEnabled(true)");
            assertThat(e.send("POST", "/ops/repl/sessions/0123456789abcdef", TestEndpoint.REPL, "{\"code\":\"1\"}").statusCode())
                    .isEqualTo(403);
            assertThat(e.get("/ops/repl/sessions", TestEndpoint.REPL).statusCode()).isEqualTo(403);
            HttpResponse<String> noScope = e.send("POST", "/ops/repl/sessions", TestEndpoint.MONITOR, null);
            assertThat(noScope.statusCode()).isEqualTo(403);
            assertThat(noScope.body()).contains("lacks the 'repl' scope");
            assertThat(e.send("POST", "/ops/repl/sessions", null, null).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void sessionCapAnswers409UntilOneIsClosed() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.replEnabled(true).replMaxSessions(1))) {
            String first = open(e, TestEndpoint.REPL);
            HttpResponse<String> full = e.send("POST", "/ops/repl/sessions", TestEndpoint.ALL, null);
            assertThat(full.statusCode()).isEqualTo(409);
            assertThat(full.body()).contains("1 REPL sessions are open", "hatch.repl.max-sessions", "DELETE /ops/repl/sessions/{id}");
            assertThat(e.send("DELETE", "/ops/repl/sessions/" + first, TestEndpoint.REPL, null).statusCode()).isEqualTo(204);
            open(e, TestEndpoint.ALL);
        }
    }

    @Test
    void idleSessionsExpire() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.replEnabled(true).replIdleTimeout(Duration.ofMillis(300)))) {
            String id = open(e, TestEndpoint.REPL);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (e.get("/ops/repl/sessions", TestEndpoint.REPL).body().contains(id) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            HttpResponse<String> r = e.send("POST", "/ops/repl/sessions/" + id, TestEndpoint.REPL, "{\"code\":\"1\"}");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).contains("hatch.repl.idle-timeout");
        }
    }

    @Test
    void aLoopInApplicationCodeIsStoppedOrItsThreadAbandoned() throws Exception {
        ReplFixture.released = false;
        try (TestEndpoint e = TestEndpoint.start(b -> b.replEnabled(true).replTimeout(Duration.ofMillis(500)))) {
            String id = open(e, TestEndpoint.REPL);
            eval(e, id, "int kept = 5;");
            Map<String, Object> r = eval(e, id, "dev.hatch.internal.repl.ReplFixture.spinUntilReleased()");
            assertThat(r.get("outcome")).isEqualTo("timeout");
            if (Runtime.version().feature() < 20) {
                // Thread.stop still works: the loop ends and the session keeps its state.
                assertThat((String) r.get("error")).startsWith("stopped:");
                assertThat(eval(e, id, "kept").get("value")).isEqualTo("5");
            } else {
                // Nothing can stop a loop in code JShell did not compile: the thread is left, the session starts over.
                assertThat((String) r.get("error")).startsWith("abandoned:").contains("keeps running", "session was reset");
                assertThat(r.get("sessionReset")).isEqualTo(true);
                assertThat(eval(e, id, "kept").get("outcome")).isEqualTo("compile-error");
                assertThat(eval(e, id, "1 + 1").get("value")).isEqualTo("2");
            }
        } finally {
            ReplFixture.released = true;
        }
    }

    @Test
    void aClassLoaderOfTheApplicationGivesSnippetsItsClassesFromNestedJars() throws Exception {
        Path dir = Files.createTempDirectory("hatch-fatjar");
        try (NestedJarLoader loader = NestedJarLoader.build(dir)) {
            try (TestEndpoint e = TestEndpoint.start(b -> b.replEnabled(true).replClassLoader(loader))) {
                String id = open(e, TestEndpoint.REPL);
                Map<String, Object> r = eval(e, id, "new demo.Widget().describe()");
                assertThat(r.get("error")).isNull();
                assertThat(r.get("value")).isEqualTo("\"widget with part-7\"");
                assertThat(eval(e, id, "demo.Widget.class.getClassLoader() == demo.lib.Part.class.getClassLoader()")
                        .get("value")).isEqualTo("true");
                assertThat(eval(e, id, "demo.Widget.class.getClassLoader().getClass().getName()").get("value"))
                        .isEqualTo("\"dev.hatch.internal.repl.NestedJarLoader\"");
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void closingTheEndpointEndsEveryReplThreadAndGivesBackSystemOut() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        TestEndpoint e = TestEndpoint.start(b -> b.replEnabled(true));
        try {
            String id = open(e, TestEndpoint.REPL);
            assertThat(eval(e, id, "System.out.println(1); 2").get("value")).isEqualTo("2");
            assertThat(System.out).isNotSameAs(out);
        } finally {
            e.close();
        }
        assertThat(System.out).isSameAs(out);
        assertThat(System.err).isSameAs(err);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (replThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneSatisfy(t -> assertThat(t.getName()).startsWith("hatch-repl-"));
    }

    private static long replThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("hatch-repl-")).count();
    }

    @Test
    void withoutTheJShellModulesTheReplAnswers501AndTheRestWorks() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--limit-modules", "java.se,jdk.management,jdk.unsupported",
                "-cp", System.getProperty("java.class.path"), NoJShellMain.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        } finally {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.destroyForcibly();
        }
        assertThat(out).contains("jshell=false", "repl=501", "threads=200");
        assertThat(out).contains("jdk.jshell and jdk.compiler");
        assertThat(p.exitValue()).as(out).isZero();
    }

    /** Runs in a child JVM without jdk.jshell: starts Hatch with the REPL on and prints what it answers. */
    public static final class NoJShellMain {
        public static void main(String[] args) throws Exception {
            System.out.println("jshell=" + ModuleLayer.boot().findModule("jdk.jshell").isPresent());
            try (TestEndpoint e = TestEndpoint.start(b -> b.replEnabled(true))) {
                HttpResponse<String> repl = e.send("POST", "/ops/repl/sessions", TestEndpoint.REPL, null);
                System.out.println("repl=" + repl.statusCode() + " " + repl.body());
                System.out.println("threads=" + e.get("/ops/threads", TestEndpoint.MONITOR).statusCode());
            }
        }
    }
}
