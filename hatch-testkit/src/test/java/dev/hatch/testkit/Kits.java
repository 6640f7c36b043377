package dev.hatch.testkit;

import dev.hatch.Hatch;
import dev.hatch.JsonTree;
import dev.hatch.TestEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The kit as the suites here use it: the core test kit's tokens (one per scope), its relaxed
 * admission, and private files in a temporary directory.
 */
final class Kits {
    private Kits() {
    }

    static HatchTestKit start(Consumer<Hatch.Builder> customizer) {
        try {
            Path dir = Files.createTempDirectory("hatch-testkit");
            Hatch.Builder b = TestEndpoint.kit(Hatch.builder(), dir);
            customizer.accept(b);
            return HatchTestKit.of(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request with the token (none when null) and, for methods that carry one, an empty JSON body. */
    static Reply send(HatchTestKit kit, String method, String target, String token) {
        Call c = kit.call(method, target);
        if (token != null) {
            c.token(token);
        }
        if (!method.equals("GET")) {
            c.json("{}");
        }
        return checked(c.send());
    }

    /** Every JSON answer is read by the independent strict parser before a test looks at it. */
    static Reply checked(Reply r) {
        if ((r.contentType().startsWith("application/json") || r.contentType().startsWith("application/problem+json"))
                && r.body().length > 0) {
            JsonTree.value(r.text());
        }
        return r;
    }

    static Map<String, Object> json(Reply r) {
        return JsonTree.parse(r.text());
    }
}
