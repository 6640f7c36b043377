package dev.hatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.JsonTree;
import dev.hatch.internal.http.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The REPL, black-box: a program that knows nothing of Hatch, the agent attached at start with
 * the REPL enabled, and snippets that read the program's own static state — public, and private
 * through reflection — on JDK 17 and JDK 25.
 */
class ReplAgentIT {
    private static final String REPL = "agent-it-repl-token-6d2e91c4";
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.hatch.agent.Jdk#all")
    void snippetsReadTheProgramsOwnState(Jdk jdk) throws Exception {
        Path config = TestConfig.write(dir, jdk.name(), "hatch.repl.enabled=true",
                "hatch.repl.timeout=20s",
                "hatch.token.repler=sha256:" + TestConfig.sha256(REPL), "hatch.token.repler.scopes=repl");
        try (ChildJvm child = ChildJvm.start(jdk, dir, Map.of(), ChildJvm.agent("config=" + config + ",port=0"))) {
            child.awaitReady();
            StatusLine status = child.awaitStatusLine();

            HttpResponse<String> created = post(status.resolve("/ops/repl/sessions"), REPL, "{}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = (String) JsonTree.parse(created.body()).get("id");
            URI session = status.resolve("/ops/repl/sessions/" + id);

            Map<String, Object> mode = eval(session, "dev.hatch.agent.testapp.PlainApp.mode");
            assertThat(mode.get("error")).as(mode.toString()).isNull();
            assertThat(mode.get("value")).isEqualTo("\"serving\"");

            Map<String, Object> orders = eval(session, "var f = Class.forName(\"dev.hatch.agent.testapp.PlainApp\")"
                    + ".getDeclaredField(\"ORDERS\"); f.setAccessible(true); ((java.util.List<?>) f.get(null)).size()");
            assertThat(orders.get("error")).as(orders.toString()).isNull();
            assertThat(orders.get("value")).isEqualTo("1000");

            Map<String, Object> exit = eval(session, "System.exit(1)");
            assertThat(exit.get("error")).as(exit.toString()).isNotNull();
            child.assertResponsive();

            HttpResponse<String> noScope = post(status.resolve("/ops/repl/sessions"), TestConfig.DUMP, "{}");
            assertThat(noScope.statusCode()).isEqualTo(403);
        }
    }

    private Map<String, Object> eval(URI session, String code) throws Exception {
        HttpResponse<String> r = post(session, REPL, Json.write(Map.of("code", code)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JsonTree.parse(r.body());
    }

    private HttpResponse<String> post(URI uri, String token, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
