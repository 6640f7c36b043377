package dev.hatch.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hatch.Scope;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the {@code Authorization} header handling: it never throws, and exactly the headers
 * that carry the token authenticate. The oracle is a pattern written from RFC 6750's shape (the
 * scheme in any case, one space, the token, optional surrounding blanks), not the expression the
 * code uses. The fuzz target runs its seeds as a plain test ({@code JAZZER_FUZZ=1} fuzzes), and
 * {@link #everyBranchIsReachedByTheCases()} runs named cases through the same check and asserts
 * that both the accepting and the refusing branch are taken.
 */
class HeaderFuzzTest {
    private static final String TOKEN = "fuzz-token-0123456789abcdef";
    private static final Authenticator AUTH = new Authenticator(List.of(
            new Authenticator.Entry("fuzz", TokenSpec.hash(TOKEN), EnumSet.of(Scope.MONITOR))));
    /** What must authenticate (headers up to 1 KiB): "Bearer" in any case, one space, the token, blanks (≤ U+0020) around it. */
    private static final Pattern ACCEPTED = Pattern.compile("[Bb][Ee][Aa][Rr][Ee][Rr] [\\x00-\\x20]*"
            + Pattern.quote(TOKEN) + "[\\x00-\\x20]*", Pattern.DOTALL);

    @FuzzTest(maxDuration = "10s")
    void onlyTheExactTokenAuthenticates(FuzzedDataProvider data) {
        // The last byte picks whether "Bearer " is put in front; the rest is the header or its credentials.
        boolean prefixed = data.consumeBoolean();
        String rest = data.consumeRemainingAsString();
        check(prefixed ? "Bearer " + rest : rest);
    }

    /** Checks one header; returns whether it authenticated. */
    private static boolean check(String header) {
        Optional<Principal> p = AUTH.authenticate(header);
        Optional<Principal> viaRequest = AUTH.authenticate(header, List.of());
        if (!p.equals(viaRequest)) {
            throw new AssertionError("the two entry points disagree for " + header);
        }
        boolean expected = header.length() <= 1024 && ACCEPTED.matcher(header).matches();
        if (p.isPresent() != expected) {
            throw new AssertionError((expected ? "refused" : "authenticated") + " the header " + header);
        }
        if (p.isPresent() && !p.get().name().equals("fuzz")) {
            throw new AssertionError("authenticated as " + p.get().name());
        }
        String key = ClientAddress.key(header);
        if (key == null || key.isEmpty()) {
            throw new AssertionError("no admission key for " + header);
        }
        return p.isPresent();
    }

    @Test
    void everyBranchIsReachedByTheCases() {
        List<String> accepted = List.of("Bearer " + TOKEN, "bearer " + TOKEN, "BEARER   " + TOKEN + "  ", "Bearer " + TOKEN + "\t");
        List<String> refused = List.of("", "Bearer", "Bearer ", "Bearer  ", "Basic dXNlcjpwYXNz", "Bearer " + TOKEN + "x",
                "Bearer x" + TOKEN, "Bearer " + TOKEN.toUpperCase(), "Bearer Bearer " + TOKEN, "Token " + TOKEN, TOKEN,
                "Bearer\t" + TOKEN, "Bearer " + TOKEN + " " + TOKEN, "Bearer " + TOKEN.substring(1),
                "Bearer " + TOKEN + " ".repeat(1000));
        for (String header : accepted) {
            assertThat(check(header)).as(header).isTrue();
        }
        for (String header : refused) {
            assertThat(check(header)).as(header).isFalse();
        }
    }
}
