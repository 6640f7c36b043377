package dev.hatch.security;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hatch.Scope;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Fuzzes the {@code Authorization} header handling: it never throws, and nothing but the exact
 * token authenticates. Runs its seeds as a plain test; {@code JAZZER_FUZZ=1} fuzzes.
 */
class HeaderFuzzTest {
    private static final String TOKEN = "fuzz-token-0123456789abcdef";
    private static final Authenticator AUTH = new Authenticator(List.of(
            new Authenticator.Entry("fuzz", TokenSpec.hash(TOKEN), EnumSet.of(Scope.MONITOR))));

    @FuzzTest(maxDuration = "10s")
    void onlyTheExactTokenAuthenticates(FuzzedDataProvider data) {
        String header = data.consumeBoolean() ? "Bearer " + data.consumeRemainingAsString() : data.consumeRemainingAsString();
        Optional<Principal> p = AUTH.authenticate(header);
        Optional<Principal> viaRequest = AUTH.authenticate(header, List.of());
        if (!p.equals(viaRequest)) {
            throw new AssertionError("the two entry points disagree for " + header);
        }
        if (p.isPresent()) {
            String token = header.substring(7).trim();
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || !token.equals(TOKEN)) {
                throw new AssertionError("authenticated a header that is not 'Bearer <token>': " + header);
            }
        }
        String key = ClientAddress.key(header);
        if (key == null || key.isEmpty()) {
            throw new AssertionError("no admission key for " + header);
        }
    }
}
