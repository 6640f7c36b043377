package dev.hatch;

import static dev.hatch.JsonTree.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /ops/env}, against a child JVM started with secrets in {@code -D} properties, in
 * environment variables, in URLs and on its command line.
 */
@Timeout(120)
class EnvTest {

    @Test
    void secretsInPropertiesEnvironmentUrlsAndArgumentsAreMasked(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of(
                "APP_DB_PASSWORD", "env-hunter2",
                "DATABASE_URL", "postgres://app:env-pw-42@db.internal:5432/orders",
                "APP_OPTS", "-Xmx1g -Dpayments.api-token=env-tok-77 -Dregion=eu",
                "APP_REGION", "eu-west-1");
        List<String> jvmArgs = List.of("-Ddb.password=prop-hunter2",
                "-Dapp.datasource.url=jdbc:postgresql://app:prop-s3cret@db:5432/x?sslmode=require",
                "-Dapp.customer.pin=prop-1234", "-Dapp.name=orders");
        try (ChildJvm child = ChildJvm.start(dir, env, jvmArgs, "mask=pin", "--admin-password=arg-zz")) {
            HttpResponse<String> r = child.get("/ops/env", TestEndpoint.MONITOR);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).doesNotContain("hunter2", "s3cret", "env-pw-42", "env-tok-77", "prop-1234", "arg-zz");
            Map<String, Object> body = JsonTree.parse(r.body());
            Map<String, Object> props = map(body.get("systemProperties"));
            assertThat(props).containsEntry("db.password", "******")
                    .containsEntry("app.datasource.url", "jdbc:postgresql://******@db:5432/x?sslmode=require")
                    .containsEntry("app.customer.pin", "******")
                    .containsEntry("app.name", "orders");
            assertThat(props.get("sun.java.command").toString()).contains("--admin-password=******");
            Map<String, Object> environment = map(body.get("environment"));
            assertThat(environment).containsEntry("APP_DB_PASSWORD", "******")
                    .containsEntry("DATABASE_URL", "postgres://******@db.internal:5432/orders")
                    .containsEntry("APP_OPTS", "-Xmx1g -Dpayments.api-token=****** -Dregion=eu")
                    .containsEntry("APP_REGION", "eu-west-1");
            String info = child.get("/ops/info", TestEndpoint.MONITOR).body();
            assertThat(info).contains("-Ddb.password=******").doesNotContain("prop-hunter2", "prop-1234");
        }
    }
}
