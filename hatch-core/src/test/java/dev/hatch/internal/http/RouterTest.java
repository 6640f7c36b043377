package dev.hatch.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hatch.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final Route.Handler NOTHING = ex -> { };
    private final Router router = new Router(List.of(
            Route.get("/ops/heapdumps", Scope.DUMP, "list", NOTHING),
            Route.get("/ops/heapdumps/{id}", Scope.DUMP, "download", NOTHING),
            new Route("DELETE", "/ops/heapdumps/{id}", Scope.DUMP, "delete", NOTHING)));

    @Test
    void bindsParameters() {
        Router.Match m = router.match("GET", "/ops/heapdumps/abc-1.2");
        assertThat(m.route().name()).isEqualTo("download");
        assertThat(m.params()).containsEntry("id", "abc-1.2");
        assertThat(router.match("GET", "/ops/heapdumps/").route().name()).isEqualTo("list");
    }

    @Test
    void dotSegmentsAndOddCharactersNeverBind() {
        for (String path : List.of("/ops/heapdumps/..", "/ops/heapdumps/.", "/ops/heapdumps/.hidden",
                "/ops/heapdumps/a%2Fb", "/ops/heapdumps/a b", "/ops/heapdumps/" + "x".repeat(200), "/ops/heapdumps/a/b")) {
            assertThat(router.match("GET", path).route()).as(path).isNull();
        }
    }

    @Test
    void otherMethodsOnAKnownPathAre405() {
        Router.Match m = router.match("PUT", "/ops/heapdumps/x");
        assertThat(m.methodNotAllowed()).isTrue();
        assertThat(m.allowHeader()).isEqualTo("GET, DELETE");
        assertThat(router.match("PUT", "/nothing").methodNotAllowed()).isFalse();
    }

    @Test
    void duplicateRoutesAreRefused() {
        assertThatThrownBy(() -> new Router(List.of(Route.get("/a", null, "a", NOTHING), Route.get("/a", null, "b", NOTHING))))
                .hasMessageContaining("twice");
    }
}
