package dev.hatch.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The masking rules against names and shapes seen in real deployments. */
class MaskingTest {
    private static final String M = Masking.MASK;
    private final Masking masking = Masking.defaults();

    @ParameterizedTest
    @ValueSource(strings = {"DB_PASSWORD", "DB_PASS", "PGPASSWORD", "MYSQL_PWD", "GITHUB_PAT", "GITLAB_PAT", "APP_PASSPHRASE",
        "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN", "GOOGLE_APPLICATION_CREDENTIALS", "NPM_TOKEN",
        "SLACK_BOT_TOKEN", "STRIPE_API_KEY", "SENTRY_DSN", "JWT_SIGNING_KEY", "PASSWORD_SALT", "HASH_SALT", "DJANGO_SECRET_KEY",
        "SPRING_DATASOURCE_PASSWORD", "spring.datasource.password", "db.pass", "dbPass", "ldapPw", "LDAP_BIND_PW",
        "OAUTH_CLIENT_SECRET", "VAULT_TOKEN", "DOCKER_AUTH_CONFIG", "SSL_KEYSTORE_PASSWORD", "javax.net.ssl.keyStorePassword",
        "TWILIO_AUTH_TOKEN", "SMTP_CREDS", "ADMIN_PIN", "TOTP_OTP", "api_key", "apiKey", "X_HMAC", "SESSION_COOKIE",
        "REDIS_PASS", "RABBITMQ_DEFAULT_PASS", "KAFKA_SASL_JAAS_CONFIG_PASSWORD", "BEARER"})
    void realWorldSecretNamesAreSecret(String name) {
        assertThat(masking.secretKey(name)).as(name).isTrue();
        assertThat(masking.value(name, "s3cr3t-value")).isEqualTo(M);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PATH", "HOME", "LANG", "JAVA_HOME", "HOSTNAME", "USER", "SHELL", "TERM",
        "java.version", "user.dir", "file.encoding", "os.name", "line.separator", "PATHEXT", "PATCH_LEVEL", "SPINNER", "COMPASS",
        "KUBERNETES_SERVICE_PORT", "OTEL_SERVICE_NAME"})
    void ordinaryNamesAreShown(String name) {
        assertThat(masking.secretKey(name)).as(name).isFalse();
        assertThat(masking.value(name, "/usr/bin:/bin")).isEqualTo("/usr/bin:/bin");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "redis://user:pw@cache:6379/0 | redis://user:" + M + "@cache:6379/0",
        "mongodb://admin:hunter2@db1,db2/app?replicaSet=r | mongodb://admin:" + M + "@db1,db2/app?replicaSet=r",
        "mongodb+srv://u:p@cluster.example.net/x | mongodb+srv://u:" + M + "@cluster.example.net/x",
        "https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r.git | https://" + M + "@github.com/o/r.git",
        "https://user:p@ss@host/path | https://user:" + M + "@host/path",
        "postgresql://app:s3cr3t@pg:5432/db | postgresql://app:" + M + "@pg:5432/db",
        "jdbc:postgresql://pg/db?user=app&password=s3cr3t | jdbc:postgresql://pg/db?user=app&password=" + M,
        "jdbc:oracle:thin:scott/tiger@//db:1521/ORCL | jdbc:oracle:thin:scott/" + M + "@//db:1521/ORCL",
        "jdbc:oracle:thin:scott/tiger@db:1521:ORCL | jdbc:oracle:thin:scott/" + M + "@db:1521:ORCL",
        "app.jar --db-password=hunter2 --port=8080 | app.jar --db-password=" + M + " --port=8080",
        "app.jar --password hunter2 --port 8080 | app.jar --password " + M + " --port 8080",
        "-Dx.password='a b c' -Dy=1 | -Dx.password='" + M + "' -Dy=1",
        "-Dx.password=\"a b c\" -Dy=1 | -Dx.password=\"" + M + "\" -Dy=1",
        "-Dpayments.api.token=tok_123 -Xmx1g | -Dpayments.api.token=" + M + " -Xmx1g",
        "-javaagent:/opt/a.jar=key=abc | -javaagent:/opt/a.jar=key=" + M,
        "http://host:8080/ops/health | http://host:8080/ops/health",
        "--port 8080 --name demo | --port 8080 --name demo",
    })
    void secretsInsideTextAreMasked(String text, String expected) {
        assertThat(masking.text(text.strip())).isEqualTo(expected.strip());
    }

    @Test
    void argumentListsMaskTheWordAfterASecretFlag() {
        assertThat(masking.arguments(List.of("-Xmx1g", "--password", "hunter2", "--port", "8080", "-Ddb.pwd=x")))
                .containsExactly("-Xmx1g", "--password", M, "--port", "8080", "-Ddb.pwd=" + M);
        assertThat(masking.arguments(List.of("-Dsecret.file=/run/secret", "-verbose"))).containsExactly("-Dsecret.file=" + M, "-verbose");
    }

    @Test
    void configuredVariablesAndSecretsAreMaskedWhateverTheirName() {
        String token = "the-root-token-0123456789abcdef";
        Masking m = new Masking(List.of(), Set.of("OPS_ONCALL_2"), List.of(TokenSpec.hash(token)));
        assertThat(m.value("OPS_ONCALL_2", "anything")).isEqualTo(M);
        assertThat(m.value("INNOCENT", token)).isEqualTo(M);
        assertThat(m.value("INNOCENT", "  " + token + "\n")).isEqualTo(M);
        assertThat(m.text("-Dinnocent=" + token + " -Xmx1g")).isEqualTo("-Dinnocent=" + M + " -Xmx1g");
        assertThat(m.text("curl -H Authorization:" + token + " x")).isEqualTo("curl -H Authorization:" + M + " x");
        assertThat(m.text("run " + token)).isEqualTo("run " + M);
        assertThat(m.arguments(List.of("--innocent", token))).containsExactly("--innocent", M);
        assertThat(m.value("INNOCENT", "not-the-token")).isEqualTo("not-the-token");
        // Without configuration the same names are not secret: the rule comes from the configuration.
        assertThat(masking.value("OPS_ONCALL_2", "anything")).isEqualTo("anything");
    }

    @Test
    void extraWordsFromConfigurationAreAdded() {
        Masking m = new Masking(List.of("Tenant"));
        assertThat(m.secretKey("ACME_TENANT_ID")).isTrue();
        assertThat(masking.secretKey("ACME_TENANT_ID")).isFalse();
    }
}
