package dev.hatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.OptionalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code hatch repl} in a real pseudo-terminal (tmux): line editing, multi-line snippets, Ctrl-C, Ctrl-D, history. */
class ReplIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsTmux() {
        OptionalTool.need(Tmux.available(), "tmux (for the REPL's terminal tests)", "apt-get install -y tmux");
    }

    static java.util.stream.Stream<String> jdks() {
        return OptionalTool.jdkHomes();
    }

    private String command(String java, String url, Path token, Path history) {
        return "'" + java + "' -jar '" + Cli.jar() + "' --url " + url + " --token-file '" + token + "' repl --history '" + history + "'";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void editsSendsMultiLineSnippetsInterruptsAndDeletesTheSessionOnCtrlD(String javaHome) throws Exception {
        OptionalTool.jdk(javaHome);
        Path token = Cli.tokenFile(dir, Endpoint.REPL);
        Path history = dir.resolve("history");
        String java = Path.of(javaHome, "bin", "java").toString();
        // A real endpoint (not a stand-in): real JShell values, the real 201 for a new session, the
        // real time limit that ends an interrupted snippet.
        try (Endpoint endpoint = Endpoint.start(b -> b.replEnabled(true).replTimeout(Duration.ofSeconds(3)));
             Tmux tmux = new Tmux(command(java, endpoint.url(), token, history))) {
            Path audit = endpoint.hatch().auditFile();
            String start = tmux.awaitCount("hatch> ", 1);
            assertThat(start).as("JLine starts without warnings (native access on JDK 22+)").doesNotContain("WARNING");

            tmux.type("\"world\"");
            tmux.keys("C-a");
            tmux.type("\"hello \" + ");
            tmux.keys("Enter");
            tmux.awaitCount("==> \"hello world\"", 1);

            tmux.type("10 + 3");
            tmux.keys("Left");
            tmux.type("2");
            tmux.keys("Enter");
            tmux.awaitCount("==> 33", 1);

            tmux.keys("Up", "Up", "Enter");
            tmux.awaitCount("==> \"hello world\"", 2);

            tmux.type("if (1 != 2) {");
            tmux.keys("Enter");
            tmux.awaitCount("...> ", 1);
            tmux.type("System.out.println(\"inside \" + \"the block\");");
            tmux.keys("Enter");
            tmux.type("}");
            tmux.keys("Enter");
            tmux.awaitCount("inside the block", 1);

            tmux.type("oops");
            tmux.keys("Enter");
            tmux.awaitCount("cannot find symbol", 1);

            // Every earlier snippet's final record is written (they trail their answers) before counting.
            tmux.await(s -> finishedEvaluations(audit) == intents(audit), "the earlier snippets' audit records");
            long finished = finishedEvaluations(audit);
            tmux.type("Thread.sleep(60_000)");
            tmux.keys("Enter");
            tmux.await(s -> intents(audit) > finished, "the snippet to reach the endpoint");
            tmux.keys("C-c");
            tmux.awaitCount("interrupted (the server stops the snippet at its time limit)", 1);
            // The endpoint ends the snippet at its limit; the session then takes the next one.
            tmux.await(s -> finishedEvaluations(audit) > finished, "the endpoint to stop the snippet");
            tmux.type("1 + 1");
            tmux.keys("Enter");
            tmux.awaitCount("==> 2", 1);

            tmux.keys("C-d");
            assertThat(tmux.awaitCount("EXITED 0", 1)).doesNotContain("WARNING").doesNotContain("Exception");
            assertThat(Files.readString(audit)).as("Ctrl-D deleted the session").contains("\"route\":\"repl-close\"");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(history))).isEqualTo("rw-------");
        assertThat(Files.readString(history)).contains("\"hello \" + \"world\"").contains("10 + 23");
    }

    /** Evaluations the audit log shows as begun (intent records written before the snippet runs). */
    private static long intents(Path audit) {
        return auditLines(audit).filter(l -> l.contains("\"route\":\"repl-eval\"") && l.contains("\"type\":\"intent\"")).count();
    }

    /** Evaluations the audit log shows as finished (their final record, with an outcome). */
    private static long finishedEvaluations(Path audit) {
        return auditLines(audit).filter(l -> l.contains("\"route\":\"repl-eval\"") && l.contains("\"outcome\"")).count();
    }

    private static java.util.stream.Stream<String> auditLines(Path audit) {
        try {
            return Files.readAllLines(audit).stream();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void evaluatesJavaInsideARealEndpoint() throws Exception {
        try (Endpoint endpoint = Endpoint.start(b -> b.replEnabled(true))) {
            assertThat(endpoint.hasRoute("POST", "/ops/repl/sessions")).as("the endpoint serves the REPL routes").isTrue();
            Path token = Cli.tokenFile(dir, Endpoint.REPL);
            try (Tmux tmux = new Tmux(command(Cli.java(), endpoint.url(), token, dir.resolve("history")))) {
                tmux.awaitCount("hatch> ", 1);
                tmux.type("int answer = 6 * 7;");
                tmux.keys("Enter");
                tmux.awaitCount("hatch> ", 2);
                tmux.type("answer * 2");
                tmux.keys("Enter");
                tmux.awaitCount("==> 84", 1);
                tmux.awaitCount("hatch> ", 3);
                tmux.type("System.out.println(\"from \" + \"the service\")");
                tmux.keys("Enter");
                tmux.awaitCount("from the service", 1);
                tmux.type("undefinedThing");
                tmux.keys("Enter");
                tmux.awaitCount("error: ", 1);
                tmux.awaitCount("hatch> ", 5);
                tmux.keys("C-d");
                tmux.awaitCount("EXITED 0", 1);
            }
            java.net.http.HttpResponse<String> open = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint.url() + "/repl/sessions"))
                            .header("Authorization", "Bearer " + Endpoint.REPL).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(open.body()).as("Ctrl-D deleted the session").contains("\"sessions\":[]");
        }
    }
}
