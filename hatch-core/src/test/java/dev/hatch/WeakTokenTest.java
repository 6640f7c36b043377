package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sha256: spec of a well-known weak token is refused at start, naming the key and never the word. */
class WeakTokenTest {
    @TempDir
    Path dir;

    @Test
    void hashesOfWellKnownWeakTokensAreRefusedNamingTheKeyNotTheSecret() {
        java.util.Set<String> messages = new java.util.HashSet<>();
        for (String weak : List.of("password", "changeme", "admin", "secret", "token", "hatch", "letmein", "123456", "test", "Password", "")) {
            String spec = TestEndpoint.spec(weak);
            assertThatThrownBy(() -> start(spec))
                    .as("the hash of '%s'", weak)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("hatch.token.sre: ")
                    .hasMessageContaining("well-known weak token")
                    .hasMessageNotContaining(spec.substring(7))
                    .satisfies(e -> messages.add(e.getMessage()));
        }
        // One text for every word: nothing in it depends on (or gives away) the secret.
        assertThat(messages).hasSize(1);
    }

    @Test
    void theSameRefusalComesFromAPropertiesFile() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("hatch.properties"),
                "hatch.port=0\nhatch.token.sre=" + TestEndpoint.spec("changeme") + "\nhatch.token.sre.scopes=monitor\n"
                        + "hatch.audit.file=" + dir.resolve("audit.jsonl") + "\nhatch.dump.dir=" + dir.resolve("dumps") + "\n");
        assertThatThrownBy(() -> Hatch.builder().properties(file).start())
                .isInstanceOf(ConfigException.class).hasMessageContaining("hatch.token.sre").hasMessageContaining("weak");
    }

    @Test
    void aRandomTokensHashStillWorks() throws Exception {
        String token = "a-random-token-nobody-guesses-7f3a91";
        try (Hatch h = start(TestEndpoint.spec(token))) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(h.url().resolve("/ops/health"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    private Hatch start(String spec) {
        return Hatch.builder().port(0).auditFile(dir.resolve("audit.jsonl")).dumpDirectory(dir.resolve("dumps"))
                .token("sre", spec, Scope.MONITOR).start();
    }
}
