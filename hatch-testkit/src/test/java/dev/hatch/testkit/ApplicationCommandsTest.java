package dev.hatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.Command;
import dev.hatch.Hatch;
import dev.hatch.HealthCheck;
import dev.hatch.Param;
import dev.hatch.Scope;
import dev.hatch.TestEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an application's own tests do with the kit: build the endpoint as the application does,
 * with its commands and health checks, and call them in memory through the real pipeline. The
 * answers are the ones a caller over HTTP gets, the audit included.
 */
class ApplicationCommandsTest {
    private final Map<String, Integer> cache = new ConcurrentHashMap<>(Map.of("eu", 12, "us", 30));
    private final AtomicBoolean databaseUp = new AtomicBoolean(true);

    private Hatch.Builder application(Path dir) {
        Command clear = Command.builder("cache-clear")
                .description("Empties one region of the cache")
                .param(Param.string("region").required())
                .handler(args -> {
                    Integer n = cache.remove(args.string("region"));
                    if (n == null) {
                        throw new IllegalArgumentException("no region " + args.string("region"));
                    }
                    return Map.of("cleared", n);
                })
                .build();
        return Hatch.builder()
                .auditFile(dir.resolve("audit.jsonl"))
                .dumpDirectory(dir.resolve("dumps"))
                .token("oncall", TestEndpoint.spec(TestEndpoint.OPERATE), Scope.MONITOR, Scope.OPERATE)
                .token("dashboard", TestEndpoint.spec(TestEndpoint.MONITOR), Scope.MONITOR)
                .command(clear)
                .healthCheck("database", () -> databaseUp.get() ? HealthCheck.Result.up("3 connections")
                        : HealthCheck.Result.down("connection refused"));
    }

    @Test
    void aCommandRunsWithItsArgumentsAndIsAudited(@TempDir Path dir) throws Exception {
        try (HatchTestKit kit = HatchTestKit.of(application(dir))) {
            Reply r = kit.post("/ops/commands/cache-clear").token(TestEndpoint.OPERATE).json("{\"region\":\"eu\"}").send();
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            assertThat(Kits.json(r)).containsEntry("result", Map.of("cleared", new java.math.BigDecimal(12)));
            assertThat(cache).containsOnlyKeys("us");
            List<String> audit = Files.readAllLines(kit.mounted().auditFile());
            assertThat(audit).anySatisfy(line -> assertThat(line).contains("\"principal\":\"oncall\"")
                    .contains("/ops/commands/cache-clear").contains("\"outcome\":\"ok\""));
        }
    }

    @Test
    void badArgumentsAndMissingScopesAreRefusedBeforeTheHandlerRuns(@TempDir Path dir) {
        try (HatchTestKit kit = HatchTestKit.of(application(dir))) {
            assertThat(kit.post("/ops/commands/cache-clear").token(TestEndpoint.OPERATE).json("{}").send().status()).isEqualTo(400);
            assertThat(kit.post("/ops/commands/cache-clear").token(TestEndpoint.OPERATE).json("{\"region\":\"mars\"}").send().status())
                    .isEqualTo(400);
            assertThat(kit.post("/ops/commands/cache-clear").token(TestEndpoint.MONITOR).json("{\"region\":\"us\"}").send().status())
                    .isEqualTo(403);
            assertThat(cache).containsOnlyKeys("eu", "us");
        }
    }

    @Test
    void aFailingHealthCheckMakesTheHealthRouteSay503(@TempDir Path dir) {
        try (HatchTestKit kit = HatchTestKit.of(application(dir))) {
            Reply up = kit.get("/ops/health").token(TestEndpoint.MONITOR).send();
            assertThat(up.status()).isEqualTo(200);
            assertThat(up.text()).contains("3 connections");
            databaseUp.set(false);
            Reply down = kit.get("/ops/health").token(TestEndpoint.MONITOR).send();
            assertThat(down.status()).as("%s", down).isEqualTo(503);
            assertThat(down.text()).contains("connection refused");
        }
    }
}
