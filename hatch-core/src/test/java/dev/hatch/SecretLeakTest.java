package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.internal.security.TokenSpec;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tokens and their hashes never appear in a response or in the audit log: a walk over every
 * route with every token (and wrong ones), then a search of everything that came back.
 * The heap dump is left out on purpose: a dump holds every secret in the heap, which is why it
 * needs the dump scope.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SecretLeakTest {
    private static final List<String> TOKENS = List.of(TestEndpoint.MONITOR, TestEndpoint.DUMP, TestEndpoint.OPERATE,
            TestEndpoint.ADMIN, TestEndpoint.REPL, TestEndpoint.ALL);
    private static final String WRONG = "wrong-token-0123456789abcdef";

    @Test
    void noResponseAndNoAuditRecordContainsATokenOrItsHash() throws Exception {
        StringBuilder seen = new StringBuilder();
        try (TestEndpoint e = TestEndpoint.start(b -> b.replEnabled(true))) {
            List<String> tokens = new ArrayList<>(TOKENS);
            tokens.add(WRONG);
            tokens.add(null);
            for (RouteTable.Entry route : RouteTable.ROUTES) {
                String method = route.method();
                String path = route.sample("x");
                if (path.equals("/ops/heapdump") || path.startsWith("/ops/heapdumps")) {
                    continue;
                }
                String query = path.equals("/ops/threads/busiest") ? "?ms=10" : path.equals("/ops/profile") ? "?seconds=1" : "";
                for (String token : tokens) {
                    HttpResponse<String> r = e.send(method, path + query, token, method.equals("GET") ? null : "{\"level\":\"INFO\"}");
                    seen.append(r.headers().map()).append('\n').append(r.body()).append('\n');
                }
            }
            for (String odd : List.of("/ops/nope", "/ops/info?format=" + WRONG, "/ops/audit?limit=1000")) {
                HttpResponse<String> r = e.get(odd, TestEndpoint.ALL);
                seen.append(r.headers().map()).append('\n').append(r.body()).append('\n');
            }
            seen.append(Files.readString(e.hatch().auditFile()));
        }
        String all = seen.toString();
        assertThat(all).contains("\"principal\":\"monitor\""); // the walk did happen and was audited
        for (String token : TOKENS) {
            byte[] hash = TokenSpec.hash(token);
            assertThat(all).doesNotContain(token);
            assertThat(all.toLowerCase(Locale.ROOT)).doesNotContain(HexFormat.of().formatHex(hash));
            assertThat(all).doesNotContain(Base64.getEncoder().encodeToString(hash).substring(0, 20));
            assertThat(all).doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 20));
        }
    }
}
