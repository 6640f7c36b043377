package dev.hatch.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Which type a binding is declared with. */
class BindingTypeTest {
    private static final ClassLoader APP = BindingTypeTest.class.getClassLoader();

    @Test
    void aPublicClassIsUsedAsItIs() {
        assertThat(BindingType.of(ArrayList.class, APP)).isEqualTo("java.util.ArrayList");
        assertThat(BindingType.of(ReplFixture.Orders.class, APP)).isEqualTo("dev.hatch.repl.ReplFixture.Orders");
        assertThat(BindingType.of(String[].class, APP)).isEqualTo("java.lang.String[]");
    }

    @Test
    void aHiddenClassFallsBackToItsMostSpecificInterface() {
        assertThat(BindingType.of(List.of(1, 2, 3).getClass(), APP)).isEqualTo("java.util.List");
        assertThat(BindingType.of(Map.of("a", 1).getClass(), APP)).isEqualTo("java.util.Map");
        assertThat(BindingType.of(ReplFixture.secret().getClass(), APP)).isEqualTo("java.util.function.Supplier");
        Supplier<String> lambda = () -> "x";
        assertThat(BindingType.of(lambda.getClass(), APP)).isEqualTo("java.util.function.Supplier");
    }

    @Test
    void aClassTheSnippetsLoaderCannotSeeBecomesObject() {
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        assertThat(BindingType.of(ReplFixture.Orders.class, platform)).isEqualTo("Object");
        assertThat(BindingType.of(new Object() { }.getClass(), APP)).isEqualTo("Object");
    }
}
