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
                    .containsEntry("app.datasource.url", "jdbc:postgresql://app:******@db:5432/x?sslmode=require")
                    .containsEntry("app.customer.pin", "******")
                    .containsEntry("app.name", "orders");
            assertThat(props.get("sun.java.command").toString()).contains("--admin-password=******");
            Map<String, Object> environment = map(body.get("environment"));
            assertThat(environment).containsEntry("APP_DB_PASSWORD", "******")
                    .containsEntry("DATABASE_URL", "postgres://app:******@db.internal:5432/orders")
                    .containsEntry("APP_OPTS", "-Xmx1g -Dpayments.api-token=****** -Dregion=eu")
                    .containsEntry("APP_REGION", "eu-west-1");
            String info = child.get("/ops/info", TestEndpoint.MONITOR).body();
            assertThat(info).contains("-Ddb.password=******").doesNotContain("prop-hunter2", "prop-1234");
        }
    }

    /**
     * The review's finding: with {@code hatch.token.root=env:OPS_ONCALL_2} a monitor token read
     * the root token from {@code /ops/env}, since the variable's name does not look secret. Every
     * variable an env: spec names is masked, and so is the secret itself wherever it appears.
     */
    @Test
    void variablesNamedByTheConfigurationAndTheirValuesAreMaskedWhateverTheirNames(@TempDir Path dir) throws Exception {
        String root = "root-token-from-the-environment-0123456789";
        String other = "a-password-in-a-file-0123456789";
        Path file = dir.resolve("ks-password");
        java.nio.file.Files.writeString(file, other + "\n");
        Map<String, String> env = Map.of(
                "OPS_ONCALL_2", root,
                "COPY_OF_IT", root,
                "STARTUP_NOTE", "deploy with " + root + " then rotate",
                "ALSO_IN_A_FILE", other);
        List<String> jvmArgs = List.of("-Dops.innocent=" + root, "-Dfile.copy=" + other);
        try (ChildJvm child = ChildJvm.start(dir, env, jvmArgs, "root=env:OPS_ONCALL_2", "root2=file:" + file, "--x", root)) {
            HttpResponse<String> r = child.get("/ops/env", TestEndpoint.MONITOR);
            assertThat(r.statusCode()).isEqualTo(200);
            Map<String, Object> body = JsonTree.parse(r.body());
            assertThat(map(body.get("environment"))).containsEntry("OPS_ONCALL_2", "******").containsEntry("COPY_OF_IT", "******")
                    .containsEntry("STARTUP_NOTE", "deploy with ****** then rotate").containsEntry("ALSO_IN_A_FILE", "******");
            assertThat(map(body.get("systemProperties"))).containsEntry("ops.innocent", "******").containsEntry("file.copy", "******");
            String info = child.get("/ops/info", TestEndpoint.MONITOR).body();
            assertThat(r.body() + info).doesNotContain(root).doesNotContain(other);
            assertThat(info).contains("-Dops.innocent=******");
            // The token still works: masking hides it, it does not change it.
            assertThat(child.get("/ops/audit?limit=1", root).statusCode()).isEqualTo(200);
        }
    }
}
