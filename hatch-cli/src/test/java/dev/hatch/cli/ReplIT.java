package dev.hatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.OptionalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
        return Cli.jdks();
    }

    private String command(String java, String url, Path token, Path history) {
        return "'" + java + "' -jar '" + Cli.jar() + "' --url " + url + " --token-file '" + token + "' repl --history '" + history + "'";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void editsSendsMultiLineSnippetsInterruptsAndDeletesTheSessionOnCtrlD(String javaHome) throws Exception {
        Cli.assumeJdk(javaHome);
        Path token = Cli.tokenFile(dir, Endpoint.REPL);
        Path history = dir.resolve("history");
        String java = Path.of(javaHome, "bin", "java").toString();
        try (ReplServer server = new ReplServer(); Tmux tmux = new Tmux(command(java, server.url(), token, history))) {
            String start = tmux.awaitCount("hatch> ", 1);
            assertThat(start).as("JLine starts without warnings (native access on JDK 22+)").doesNotContain("WARNING");

            tmux.type("world");
            tmux.keys("C-a");
            tmux.type("hello ");
            tmux.keys("Enter");
            tmux.awaitCount("==> echo:hello world", 1);

            tmux.type("abd");
            tmux.keys("Left");
            tmux.type("c");
            tmux.keys("Enter");
            tmux.awaitCount("==> echo:abcd", 1);

            tmux.keys("Up", "Up", "Enter");
            tmux.awaitCount("==> echo:hello world", 2);

            tmux.type("if (x != 1) {");
            tmux.keys("Enter");
            tmux.awaitCount("...> ", 1);
            tmux.type("y();");
            tmux.keys("Enter");
            tmux.type("}");
            tmux.keys("Enter");
            tmux.awaitCount("==> echo:if (x != 1) {", 1);
            assertThat(server.snippets).contains("if (x != 1) {\ny();\n}");

            tmux.type("System.out.println(\"hi\")");
            tmux.keys("Enter");
            tmux.awaitCount("hi from stdout", 1);
            tmux.type("oops");
            tmux.keys("Enter");
            tmux.awaitCount("error: cannot find symbol: variable oops", 1);

            tmux.type("Thread.sleep(60_000)");
            tmux.keys("Enter");
            tmux.await(s -> server.snippets.contains("Thread.sleep(60_000)"), "the snippet to reach the server");
            tmux.keys("C-c");
            tmux.awaitCount("interrupted (the server stops the snippet at its time limit)", 1);
            tmux.awaitCount("hatch> ", 8);
            tmux.type("1 + 1");
            tmux.keys("Enter");
            tmux.awaitCount("==> echo:1 + 1", 1);

            tmux.keys("C-d");
            assertThat(tmux.awaitCount("EXITED 0", 1)).doesNotContain("WARNING").doesNotContain("Exception");
            assertThat(server.requests).endsWith("DELETE /ops/repl/sessions/s1");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(history))).isEqualTo("rw-------");
        assertThat(Files.readString(history)).contains("hello world").contains("abcd");
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
