package dev.hatch;

import static dev.hatch.JsonTree.map;
import static dev.hatch.JsonTree.maps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hatch.internal.commands.CommandRoutes;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class CommandTest {
    enum Mode { SOFT, HARD }

    private final CountDownLatch interrupted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch blockedStarted = new CountDownLatch(CommandRoutes.THREADS);
    private TestEndpoint endpoint;

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private TestEndpoint start(Consumer<Hatch.Builder> more) throws Exception {
        endpoint = TestEndpoint.start(b -> {
            b.command(Command.builder("echo").description("returns its arguments")
                    .param(Param.string("text").required().maxLength(20).description("what to echo"))
                    .param(Param.integer("times").range(1, 5).defaultValue(1))
                    .param(Param.bool("loud").defaultValue(false))
                    .param(Param.duration("wait").range(Duration.ZERO, Duration.ofSeconds(5)).defaultValue(Duration.ZERO))
                    .param(Param.choice("mode", Mode.class).defaultValue(Mode.SOFT))
                    .param(Param.choice("color", "red", "green"))
                    .param(Param.longValue("count"))
                    .handler(args -> {
                        Map<String, Object> out = new LinkedHashMap<>();
                        String text = args.bool("loud") ? args.string("text").toUpperCase() : args.string("text");
                        out.put("echo", text.repeat(args.integer("times")));
                        out.put("waitMs", args.duration("wait").toMillis());
                        out.put("mode", args.choice("mode", Mode.class).name());
                        out.put("color", args.has("color") ? args.choice("color") : null);
                        out.put("count", args.has("count") ? args.longValue("count") : null);
                        return out;
                    }).build());
            b.command(Command.builder("sleepy").timeLimit(Duration.ofMillis(300)).handler(args -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
                return null;
            }).build());
            b.command(Command.builder("boom").handler(args -> {
                throw new IllegalStateException("region eu is locked by jdbc:postgresql://ops:pw-1234@db/x");
            }).build());
            b.command(Command.builder("picky").handler(args -> {
                throw new IllegalArgumentException("region must be lower case");
            }).build());
            b.command(Command.builder("admin-only").scope(Scope.ADMIN).handler(args -> "done").build());
            b.command(Command.builder("login").param(Param.string("user")).param(Param.string("password"))
                    .handler(args -> Map.of("ok", true)).build());
            for (int i = 1; i <= CommandRoutes.THREADS; i++) {
                b.command(Command.builder("block-" + i).handler(args -> {
                    blockedStarted.countDown();
                    return release.await(30, TimeUnit.SECONDS);
                }).build());
            }
            b.command(Command.builder("quick").handler(args -> "quick").build());
            more.accept(b);
        });
        return endpoint;
    }

    private HttpResponse<String> post(String name, String body) throws Exception {
        return endpoint.send("POST", "/ops/commands/" + name, TestEndpoint.OPERATE, body);
    }

    @Test
    void listShowsParameterSchemasOfTheCommandsTheCallerMayRun() throws Exception {
        start(b -> { });
        HttpResponse<String> r = endpoint.get("/ops/commands", TestEndpoint.OPERATE);
        assertThat(r.statusCode()).isEqualTo(200);
        List<Map<String, Object>> commands = maps(JsonTree.parse(r.body()).get("commands"));
        assertThat(commands).extracting(c -> c.get("name")).contains("echo", "sleepy").doesNotContain("admin-only");
        Map<String, Object> echo = commands.get(0);
        assertThat(echo).containsEntry("description", "returns its arguments").containsEntry("scope", "operate");
        assertThat(((Number) echo.get("timeLimitMs")).longValue()).isEqualTo(30_000);
        List<Map<String, Object>> params = maps(echo.get("parameters"));
        assertThat(params).extracting(p -> p.get("name")).containsExactly("text", "times", "loud", "wait", "mode", "color", "count");
        assertThat(params.get(0)).containsEntry("type", "string").containsEntry("required", true)
                .containsEntry("description", "what to echo");
        assertThat(((Number) params.get(0).get("maxLength")).intValue()).isEqualTo(20);
        assertThat(params.get(1)).containsEntry("type", "int").containsEntry("required", false);
        assertThat(((Number) params.get(1).get("max")).intValue()).isEqualTo(5);
        assertThat(params.get(3)).containsEntry("type", "duration").containsEntry("default", "PT0S");
        assertThat(params.get(4)).containsEntry("type", "enum").containsEntry("default", "SOFT")
                .containsEntry("choices", List.of("SOFT", "HARD"));
        assertThat(params.get(6)).containsEntry("type", "long");

        List<Map<String, Object>> all = maps(JsonTree.parse(endpoint.get("/ops/commands", TestEndpoint.ALL).body()).get("commands"));
        assertThat(all).extracting(c -> c.get("name")).contains("admin-only");
    }

    @Test
    void argumentsAreConvertedToTheirTypes() throws Exception {
        start(b -> { });
        HttpResponse<String> r = post("echo",
                "{\"text\":\"ab\",\"times\":3,\"loud\":true,\"wait\":\"250ms\",\"mode\":\"HARD\",\"color\":\"red\",\"count\":\"12345678901\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Object> body = JsonTree.parse(r.body());
        assertThat(body).containsEntry("command", "echo").containsKey("durationMs");
        Map<String, Object> result = map(body.get("result"));
        assertThat(result).containsEntry("echo", "ABABAB").containsEntry("mode", "HARD").containsEntry("color", "red");
        assertThat(((Number) result.get("waitMs")).longValue()).isEqualTo(250);
        assertThat(((Number) result.get("count")).longValue()).isEqualTo(12_345_678_901L);
    }

    @Test
    void defaultsFillTheOmittedParameters() throws Exception {
        start(b -> { });
        Map<String, Object> result = map(JsonTree.parse(post("echo", "{\"text\":\"x\",\"color\":null}").body()).get("result"));
        assertThat(result).containsEntry("echo", "x").containsEntry("mode", "SOFT").containsEntry("color", null)
                .containsEntry("count", null);
        assertThat(((Number) result.get("waitMs")).longValue()).isZero();
    }

    @Test
    void invalidArgumentsGetClearBadRequests() throws Exception {
        start(b -> { });
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"text\":\"x\",\"colour\":\"red\"}", "unknown parameter 'colour'");
        cases.put("{}", "missing required parameter 'text'");
        cases.put("", "missing required parameter 'text'");
        cases.put("{\"text\":\"x\",\"times\":\"three\"}", "parameter 'times' must be a whole number");
        cases.put("{\"text\":\"x\",\"times\":2.5}", "parameter 'times' must be a whole number");
        cases.put("{\"text\":\"x\",\"times\":9}", "parameter 'times' must be between 1 and 5, was 9");
        cases.put("{\"text\":\"x\",\"loud\":\"yes\"}", "parameter 'loud' must be true or false");
        cases.put("{\"text\":\"x\",\"wait\":\"10s\"}", "parameter 'wait' must be between 0 ms and 5000 ms");
        cases.put("{\"text\":\"x\",\"wait\":\"soon\"}", "parameter 'wait' must be a duration");
        cases.put("{\"text\":\"x\",\"mode\":\"hard\"}", "parameter 'mode' must be one of SOFT, HARD");
        cases.put("{\"text\":\"x\",\"count\":99999999999999999999}", "parameter 'count' is out of range");
        cases.put("{\"text\":42}", "parameter 'text' must be a string");
        cases.put("{\"text\":\"" + "y".repeat(21) + "\"}", "parameter 'text' must be at most 20 characters long");
        cases.put("{\"text\":", "malformed JSON");
        cases.put("[1]", "must be a JSON object");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = post("echo", c.getKey());
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(r.body()).as(c.getKey()).contains(c.getValue());
        }
        HttpResponse<String> several = post("echo", "{\"times\":0,\"what\":1}");
        assertThat(several.body()).contains("unknown parameter 'what'", "missing required parameter 'text'",
                "parameter 'times' must be between 1 and 5");
        assertThat(endpoint.send("POST", "/ops/commands/echo?text=x", TestEndpoint.OPERATE, "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void aCommandPastItsTimeLimitIsInterruptedAndAnswers504() throws Exception {
        start(b -> { });
        // The 504 names the limit that ended it, and the handler saw its interrupt: no stopwatch needed.
        HttpResponse<String> r = post("sleepy", null);
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.body()).contains("time limit of 300 ms", "interrupted");
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFailingCommandAnswers500WithItsMessageMaskedAndNoStackTrace() throws Exception {
        start(b -> { });
        HttpResponse<String> r = post("boom", "{}");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("command 'boom' failed: java.lang.IllegalStateException: region eu is locked by"
                + " jdbc:postgresql://ops:******@db/x").doesNotContain("pw-1234", "at dev.hatch", "CommandTest");
        HttpResponse<String> picky = post("picky", "{}");
        assertThat(picky.statusCode()).isEqualTo(400);
        assertThat(picky.body()).contains("command 'picky' rejected the arguments: region must be lower case");
    }

    @Test
    void aCommandWithItsOwnScopeNeedsThatScopeToo() throws Exception {
        start(b -> { });
        HttpResponse<String> operateOnly = post("admin-only", "{}");
        assertThat(operateOnly.statusCode()).isEqualTo(403);
        assertThat(operateOnly.body()).contains("lacks the 'admin' scope that command 'admin-only' requires");
        assertThat(endpoint.send("POST", "/ops/commands/admin-only", TestEndpoint.ADMIN, "{}").statusCode()).isEqualTo(403);
        HttpResponse<String> all = endpoint.send("POST", "/ops/commands/admin-only", TestEndpoint.ALL, "{}");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(JsonTree.parse(all.body())).containsEntry("result", "done");
    }

    @Test
    void unknownCommandIs404() throws Exception {
        start(b -> { });
        HttpResponse<String> r = post("nope", "{}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("GET /ops/commands lists");
    }

    @Test
    void aSecondRunOfARunningCommandIs409AndAFullPoolIs503() throws Exception {
        start(b -> { });
        List<CompletableFuture<HttpResponse<String>>> running = new ArrayList<>();
        running.add(postAsync("block-1"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (blockedStarted.getCount() == CommandRoutes.THREADS && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(post("block-1", "{}").statusCode()).isEqualTo(409);
        for (int i = 2; i <= CommandRoutes.THREADS; i++) {
            running.add(postAsync("block-" + i));
        }
        assertThat(blockedStarted.await(10, TimeUnit.SECONDS)).isTrue();
        // From another principal: 'operate' itself now holds its whole share of handler slots (429 over-share).
        assertThat(post("quick", "{}").statusCode()).isEqualTo(429);
        HttpResponse<String> full = endpoint.send("POST", "/ops/commands/quick", TestEndpoint.ALL, "{}");
        assertThat(full.statusCode()).isEqualTo(503);
        assertThat(full.headers().firstValue("Retry-After")).isPresent();
        release.countDown();
        for (CompletableFuture<HttpResponse<String>> f : running) {
            assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        int status = 0;
        for (int attempt = 0; attempt < 50 && status != 200; attempt++) {
            status = post("quick", "{}").statusCode();   // a worker may need a moment to return to the pool
            Thread.sleep(status == 200 ? 0 : 20);
        }
        assertThat(status).isEqualTo(200);
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String name) {
        return endpoint.client().sendAsync(endpoint.request("/ops/commands/" + name, TestEndpoint.OPERATE)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyRunIsAuditedWithItsArgumentsSecretsMasked() throws Exception {
        start(b -> { });
        assertThat(post("login", "{\"user\":\"ops\",\"password\":\"hunter2\"}").statusCode()).isEqualTo(200);
        assertThat(post("echo", "{\"texts\":\"x\"}").statusCode()).isEqualTo(400);
        String audit = "";
        for (int i = 0; i < 50 && !audit.contains("\"argumentNames\""); i++) {
            Thread.sleep(20);
            audit = Files.readString(endpoint.hatch().auditFile());
        }
        assertThat(audit).contains("\"command\":\"login\",\"arguments\":{\"user\":\"ops\",\"password\":\"******\"}")
                .contains("\"command\":\"echo\",\"argumentNames\":[\"texts\"]").doesNotContain("hunter2");
    }

    @Test
    void buildersRejectInconsistentDefinitions() {
        assertThatThrownBy(() -> Param.integer("n").range(1, 5).defaultValue(9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("default of parameter 'n'");
        assertThatThrownBy(() -> Param.integer("n").defaultValue(9).range(1, 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Param.string("s").required().defaultValue("x")).hasMessageContaining("required");
        assertThatThrownBy(() -> Param.string("s").range(1, 2)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Param.string("bad name")).hasMessageContaining("parameter name");
        assertThatThrownBy(() -> Param.choice("c")).hasMessageContaining("at least one choice");
        assertThatThrownBy(() -> Param.bool("b").defaultValue("yes")).hasMessageContaining("true or false");
        assertThatThrownBy(() -> Command.builder("Bad_Name")).hasMessageContaining("command name");
        assertThatThrownBy(() -> Command.builder("x").build()).hasMessageContaining("no handler");
        assertThatThrownBy(() -> Command.builder("x").param(Param.bool("a")).param(Param.string("a")))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> Command.builder("x").timeLimit(Duration.ofHours(2))).hasMessageContaining("time limit");
        Command c = Command.builder("x").handler(args -> null).build();
        assertThatThrownBy(() -> Hatch.builder().command(c).command(c))
                .isInstanceOf(ConfigException.class).hasMessageContaining("registered twice");
        CommandArguments args = new CommandArguments(java.util.Set.of("a"), Map.of());
        assertThatThrownBy(() -> args.string("a")).isInstanceOf(IllegalStateException.class).hasMessageContaining("has(");
        assertThatThrownBy(() -> args.has("b")).isInstanceOf(IllegalArgumentException.class);
    }
}
