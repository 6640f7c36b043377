package dev.hatch.internal.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Which type a binding is declared with. */
class BindingsTest {
    private static final ClassLoader APP = BindingsTest.class.getClassLoader();

    @Test
    void aPublicClassIsUsedAsItIs() {
        assertThat(Bindings.of(ArrayList.class, APP)).isEqualTo("java.util.ArrayList");
        assertThat(Bindings.of(ReplFixture.Orders.class, APP)).isEqualTo("dev.hatch.internal.repl.ReplFixture.Orders");
        assertThat(Bindings.of(String[].class, APP)).isEqualTo("java.lang.String[]");
    }

    @Test
    void aHiddenClassFallsBackToItsMostSpecificInterface() {
        assertThat(Bindings.of(List.of(1, 2, 3).getClass(), APP)).isEqualTo("java.util.List");
        assertThat(Bindings.of(Map.of("a", 1).getClass(), APP)).isEqualTo("java.util.Map");
        assertThat(Bindings.of(ReplFixture.secret().getClass(), APP)).isEqualTo("java.util.function.Supplier");
        Supplier<String> lambda = () -> "x";
        assertThat(Bindings.of(lambda.getClass(), APP)).isEqualTo("java.util.function.Supplier");
    }

    @Test
    void aClassTheSnippetsLoaderCannotSeeBecomesObject() {
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        assertThat(Bindings.of(ReplFixture.Orders.class, platform)).isEqualTo("Object");
        assertThat(Bindings.of(new Object() { }.getClass(), APP)).isEqualTo("Object");
    }
}
