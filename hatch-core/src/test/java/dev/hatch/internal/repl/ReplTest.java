package dev.hatch.internal.repl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.JsonTree;
import dev.hatch.TestEndpoint;
import dev.hatch.internal.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The REPL through real HTTP, on one endpoint whose sessions the tests share where they can (a session costs about a second). */
@Tag("multi-jdk")
class ReplTest {
    private static final PrintStream REAL_OUT = System.out;
    private static final ByteArrayOutputStream APP_OUT = new ByteArrayOutputStream();
    private static TestEndpoint e;
    private static String session;

    @BeforeAll
    static void start() throws Exception {
        // What the application prints ends up here: the REPL must route around it.
        System.setOut(new PrintStream(APP_OUT, true, StandardCharsets.UTF_8));
        e = TestEndpoint.start(b -> b.replEnabled(true).replTimeout(Duration.ofSeconds(1)).replOutputBytes(4096)
                .bind("orders", new ReplFixture.Orders()).bind("secret", ReplFixture.secret()).bind("greeting", "hello"));
        session = open(e, TestEndpoint.REPL);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            e.close();
        } finally {
            System.setOut(REAL_OUT);
        }
    }

    static String open(TestEndpoint e, String token) throws Exception {
        HttpResponse<String> r = e.send("POST", "/ops/repl/sessions", token, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = (String) JsonTree.parse(r.body()).get("id");
        assertThat(r.headers().firstValue("Location")).contains("/ops/repl/sessions/" + id);
        return id;
    }

    static Map<String, Object> eval(TestEndpoint e, String id, String code) throws Exception {
        HttpResponse<String> r = e.send("POST", "/ops/repl/sessions/" + id, TestEndpoint.REPL, Json.write(Map.of("code", code)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JsonTree.parse(r.body());
    }

    private static Map<String, Object> eval(String code) throws Exception {
        return eval(e, session, code);
    }

    @Test
    void expressionsAnswerWithTheirValue() throws Exception {
        Map<String, Object> r = eval("1 + 2");
        assertThat(r.get("value")).isEqualTo("3");
        assertThat(r.get("error")).isNull();
        assertThat(r.get("outcome")).isEqualTo("ok");
        assertThat((String) r.get("name")).startsWith("$");
        assertThat(eval("\"a\" + 1").get("value")).isEqualTo("\"a1\"");
        // the duration is the snippet's: one that sleeps 50 ms cannot report less
        assertThat(((Number) eval("Thread.sleep(50); 7").get("durationMs")).longValue()).isGreaterThanOrEqualTo(50);
    }

    @Test
    void stateSurvivesBetweenRequests() throws Exception {
        assertThat(eval("int counter = 40; String greet(String n) { return \"hi \" + n; }").get("error")).isNull();
        assertThat(eval("counter + 2").get("value")).isEqualTo("42");
        assertThat(eval("greet(\"ops\")").get("value")).isEqualTo("\"hi ops\"");
    }

    @Test
    void snippetsSeeApplicationClassesAndBindings() throws Exception {
        assertThat(eval("dev.hatch.internal.repl.ReplFixture.answer()").get("value")).isEqualTo("42");
        ReplFixture.marker = "set by the application";
        assertThat(eval("dev.hatch.internal.repl.ReplFixture.marker").get("value")).isEqualTo("\"set by the application\"");
        // Typed bindings: no cast needed.
        assertThat(eval("orders.count() + orders.ids().size()").get("value")).isEqualTo("6");
        assertThat(eval("greeting.toUpperCase()").get("value")).isEqualTo("\"HELLO\"");
        assertThat(eval("secret.get()").get("value")).isEqualTo("\"hidden value\"");
        HttpResponse<String> list = e.get("/ops/repl/sessions", TestEndpoint.REPL);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"orders\":\"dev.hatch.internal.repl.ReplFixture.Orders\"",
                "\"secret\":\"java.util.function.Supplier\"", "\"greeting\":\"java.lang.String\"");
    }

    @Test
    void runawayLoopIsStoppedWithinItsLimitAndTheSessionStaysUsable() throws Exception {
        eval("int beforeLoop = 1;");
        Map<String, Object> r = eval("while (true) { }");
        assertThat(r.get("outcome")).isEqualTo("timeout");
        assertThat((String) r.get("error")).startsWith("stopped:").contains("time limit of 1000 ms", "hatch.repl.timeout");
        assertThat(eval("beforeLoop + 1").get("value")).isEqualTo("2");
    }

    @Test
    void sleepingSnippetIsStoppedToo() throws Exception {
        Map<String, Object> r = eval("Thread.sleep(60_000); 5");
        assertThat(r.get("outcome")).isEqualTo("timeout");
        assertThat(eval("6").get("value")).isEqualTo("6");
    }

    @Test
    void outputIsCapturedAndKeptApartFromTheApplicationsOutput() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        CompletableFuture<Void> app = CompletableFuture.runAsync(() -> {
            for (int i = 0; running.get(); i++) {
                System.out.println("APP-LINE-" + i);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException ex) {
                    return;
                }
            }
        });
        Map<String, Object> r;
        try {
            r = eval("for (int i = 0; i < 50; i++) { System.out.println(\"SNIPPET-LINE-\" + i); Thread.sleep(2); }"
                    + " System.err.println(\"SNIPPET-ERR\");"
                    + " Thread t = new Thread(() -> System.out.println(\"SNIPPET-CHILD\")); t.start(); t.join();");
        } finally {
            running.set(false);
            app.join();
        }
        String out = (String) r.get("stdout");
        assertThat(out).contains("SNIPPET-LINE-0", "SNIPPET-LINE-49", "SNIPPET-CHILD").doesNotContain("APP-LINE");
        assertThat(out.lines().count()).isEqualTo(51);
        assertThat(r.get("stderr")).isEqualTo("SNIPPET-ERR\n");
        String appOut = APP_OUT.toString(StandardCharsets.UTF_8);
        assertThat(appOut).contains("APP-LINE-0").doesNotContain("SNIPPET");
    }

    @Test
    void outputBeyondTheCapIsCutWithAMarker() throws Exception {
        Map<String, Object> r = eval("System.out.print(\"x\".repeat(10_000)); \"y\".repeat(10_000)");
        assertThat((String) r.get("stdout")).startsWith("xxxx").contains("5904 more bytes not shown", "hatch.repl.output-bytes")
                .hasSizeLessThan(4200);
        assertThat((String) r.get("value")).contains("more bytes not shown").hasSizeLessThan(4200);
    }

    @Test
    void compileErrorsComeWithLineAndColumn() throws Exception {
        Map<String, Object> r = eval("int fine = 1;\nString broken = fine;");
        assertThat(r.get("outcome")).isEqualTo("compile-error");
        assertThat((String) r.get("error")).contains("line 2, column 17", "incompatible types");
        @SuppressWarnings("unchecked")
        Map<String, Object> d = ((List<Map<String, Object>>) r.get("diagnostics")).get(0);
        assertThat(d).containsEntry("severity", "error");
        assertThat(((Number) d.get("line")).intValue()).isEqualTo(2);
        assertThat(((Number) d.get("column")).intValue()).isEqualTo(17);
    }

    @Test
    void exceptionsComeWithTheirStackTrace() throws Exception {
        Map<String, Object> r = eval("void explode() { throw new IllegalStateException(\"kaput\"); }\nexplode()");
        assertThat(r.get("outcome")).isEqualTo("exception");
        assertThat((String) r.get("error")).startsWith("java.lang.IllegalStateException: kaput").contains("\tat explode(#");
    }

    @Test
    void callsThatWouldEndTheProcessAreRefused() throws Exception {
        for (String code : List.of("System.exit(0)", "Runtime.getRuntime().halt(1)", "Runtime.getRuntime().exit(2)",
                "System.class.getMethod(\"exit\", int.class).invoke(null, 0)", "void quit() { System.exit(3); }")) {
            Map<String, Object> r = eval(code);
            assertThat(r.get("outcome")).as(code).isEqualTo("refused");
            assertThat((String) r.get("error")).as(code).startsWith("refused:").contains("end the application's process");
        }
        assertThat(eval("System.out.println(\"exit\"); 7").get("value")).isEqualTo("7");
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void theApplicationsUncaughtExceptionHandlerIsKept() throws Exception {
        Thread.UncaughtExceptionHandler saved = Thread.getDefaultUncaughtExceptionHandler();
        Thread.UncaughtExceptionHandler mine = (t, x) -> { };
        Thread.setDefaultUncaughtExceptionHandler(mine);
        try {
            CompletableFuture<Map<String, Object>> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return eval("Thread.sleep(600); 1");
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
            awaitSnippetThread();
            assertThat(Thread.getDefaultUncaughtExceptionHandler()).as("while a snippet runs").isSameAs(mine);
            assertThat(running.join().get("value")).isEqualTo("1");
            assertThat(Thread.getDefaultUncaughtExceptionHandler()).as("after").isSameAs(mine);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(saved);
        }
    }

    @Test
    void aSessionRunsOneSnippetAtATime() throws Exception {
        CompletableFuture<Map<String, Object>> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return eval("Thread.sleep(700); 1");
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        awaitSnippetThread();
        HttpResponse<String> busy = e.send("POST", "/ops/repl/sessions/" + session, TestEndpoint.REPL, "{\"code\":\"2\"}");
        assertThat(busy.statusCode()).isEqualTo(409);
        assertThat(busy.body()).contains("still running a snippet");
        assertThat(slow.join().get("value")).isEqualTo("1");
    }

    /** Waits until JShell runs a snippet of the shared session on its snippet thread. */
    private static void awaitSnippetThread() throws InterruptedException {
        String prefix = "hatch-repl-" + session.substring(0, 8) + "-";
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith(prefix)
                    && t.getName().endsWith("-snippet") && t.isAlive())) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no snippet started");
    }

    @Test
    void theAuditLogHoldsEverySnippet() throws Exception {
        eval("String auditMarker = \"marker-7f3a\";");
        HttpResponse<String> r = e.get("/ops/audit?limit=100", TestEndpoint.ADMIN);
        assertThat(r.statusCode()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> records = (List<Map<String, Object>>) JsonTree.parse(r.body()).get("records");
        assertThat(records).anySatisfy(rec -> {
            assertThat(rec).containsEntry("snippet", "String auditMarker = \"marker-7f3a\";")
                    .containsEntry("session", session).containsEntry("principal", "repl")
                    .containsEntry("route", "repl-eval").containsEntry("replOutcome", "ok");
        });
    }

    @Test
    void badRequestsAreRefusedClearly() throws Exception {
        String path = "/ops/repl/sessions/" + session;
        assertThat(e.send("POST", path, TestEndpoint.REPL, "not json").statusCode()).isEqualTo(400);
        HttpResponse<String> noCode = e.send("POST", path, TestEndpoint.REPL, "{\"cod\":\"1\"}");
        assertThat(noCode.statusCode()).isEqualTo(400);
        assertThat(noCode.body()).contains("unknown field 'cod'");
        assertThat(e.send("POST", path, TestEndpoint.REPL, "{\"code\":\"  \"}").statusCode()).isEqualTo(400);
        assertThat(e.send("POST", path, TestEndpoint.REPL, "{\"code\":5}").statusCode()).isEqualTo(400);
        assertThat(e.send("POST", path + "?x=1", TestEndpoint.REPL, "{\"code\":\"1\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = e.send("POST", "/ops/repl/sessions/0123456789abcdef", TestEndpoint.REPL, "{\"code\":\"1\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("POST /ops/repl/sessions");
    }

    @Test
    void sessionsBelongToThePrincipalThatOpenedThem() throws Exception {
        HttpResponse<String> r = e.send("POST", "/ops/repl/sessions/" + session, TestEndpoint.ALL, "{\"code\":\"1\"}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(e.send("DELETE", "/ops/repl/sessions/" + session, TestEndpoint.ALL, null).statusCode()).isEqualTo(404);
        assertThat(e.get("/ops/repl/sessions", TestEndpoint.ALL).body()).doesNotContain(session);
    }

    @Test
    void closingASessionEndsItAndItsThreads() throws Exception {
        String id = open(e, TestEndpoint.ALL);
        HttpResponse<String> r = e.send("POST", "/ops/repl/sessions/" + id, TestEndpoint.ALL, "{\"code\":\"40 + 2\"}");
        assertThat(r.body()).contains("\"value\":\"42\"");
        assertThat(e.send("DELETE", "/ops/repl/sessions/" + id, TestEndpoint.ALL, null).statusCode()).isEqualTo(204);
        assertThat(e.send("POST", "/ops/repl/sessions/" + id, TestEndpoint.ALL, "{\"code\":\"1\"}").statusCode()).isEqualTo(404);
        assertThat(e.get("/ops/repl/sessions", TestEndpoint.ALL).body()).doesNotContain(id);
        assertThat(Thread.getAllStackTraces().keySet()).noneSatisfy(t ->
                assertThat(t.getName()).startsWith("hatch-repl-" + id.substring(0, 8)));
    }

    @Test
    void everyRouteNeedsATokenWithTheReplScope() throws Exception {
        String id = "/ops/repl/sessions/" + session;
        String[][] routes = {{"POST", "/ops/repl/sessions"}, {"GET", "/ops/repl/sessions"}, {"POST", id}, {"DELETE", id}};
        for (String[] route : routes) {
            String body = route[0].equals("POST") ? "{\"code\":\"1\"}" : null;
            HttpResponse<String> none = e.send(route[0], route[1], null, body);
            assertThat(none.statusCode()).as("no token " + route[0] + " " + route[1]).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
            assertThat(e.send(route[0], route[1], "wrong-token-0123456789", body).statusCode()).as("wrong token").isEqualTo(401);
            for (String token : List.of(TestEndpoint.MONITOR, TestEndpoint.OPERATE, TestEndpoint.ADMIN, TestEndpoint.DUMP)) {
                HttpResponse<String> r = e.send(route[0], route[1], token, body);
                assertThat(r.statusCode()).as(route[0] + " " + route[1]).isEqualTo(403);
                assertThat(r.body()).contains("lacks the 'repl' scope");
            }
        }
        assertThat(eval("1").get("value")).isEqualTo("1");
    }
}
