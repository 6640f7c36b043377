package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The boundary between what users may call and what may change: {@code dev.hatch} and
 * {@code dev.hatch.spi} hold the public API, everything else is under {@code dev.hatch.internal},
 * and no public or protected member of an API type mentions an internal type (so an internal
 * change can never break a caller's compile).
 */
class ApiBoundaryTest {

    /** Every public type of the API. Adding one is a decision: add it here and document it. */
    private static final Set<String> API = Set.of(
            "dev.hatch.Command", "dev.hatch.Command$Builder", "dev.hatch.Command$Handler",
            "dev.hatch.CommandArguments", "dev.hatch.ConfigException",
            "dev.hatch.Hatch", "dev.hatch.Hatch$Builder",
            "dev.hatch.HealthCheck", "dev.hatch.HealthCheck$Result",
            "dev.hatch.Limits", "dev.hatch.Limits$Builder",
            "dev.hatch.Param", "dev.hatch.Param$Type",
            "dev.hatch.Scope",
            "dev.hatch.Tls", "dev.hatch.Tls$Builder", "dev.hatch.Tls$ClientAuth",
            "dev.hatch.spi.HatchRequest", "dev.hatch.spi.HatchResponse", "dev.hatch.spi.Mounted");

    @Test
    void theApiPackagesHoldExactlyTheDeclaredPublicTypes() throws Exception {
        Set<String> found = new TreeSet<>();
        for (Class<?> c : apiClasses()) {
            if (Modifier.isPublic(c.getModifiers()) && visibleFromOutside(c)) {
                found.add(c.getName());
            }
        }
        assertThat(found).containsExactlyInAnyOrderElementsOf(API);
    }

    @Test
    void noApiMemberExposesAnInternalType() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (Class<?> c : apiClasses()) {
            if (!Modifier.isPublic(c.getModifiers()) || !visibleFromOutside(c)) {
                continue;
            }
            check(leaks, c.getName() + " extends", c.getGenericSuperclass());
            for (Type t : c.getGenericInterfaces()) {
                check(leaks, c.getName() + " implements", t);
            }
            for (Field f : c.getDeclaredFields()) {
                if (exposed(f.getModifiers())) {
                    check(leaks, c.getName() + "." + f.getName(), f.getGenericType());
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (exposed(k.getModifiers())) {
                    for (Type t : k.getGenericParameterTypes()) {
                        check(leaks, c.getName() + " constructor", t);
                    }
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (exposed(m.getModifiers()) && !m.isSynthetic()) {
                    String where = c.getName() + "." + m.getName() + "()";
                    check(leaks, where, m.getGenericReturnType());
                    for (Type t : m.getGenericParameterTypes()) {
                        check(leaks, where, t);
                    }
                    for (Type t : m.getGenericExceptionTypes()) {
                        check(leaks, where, t);
                    }
                }
            }
        }
        assertThat(leaks).as("public API members that mention internal types").isEmpty();
    }

    @Test
    void everyOtherPackageIsInternal() throws Exception {
        Set<String> outside = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classesRoot().resolve("dev/hatch"))) {
            files.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
                String pkg = classesRoot().relativize(p.getParent()).toString().replace('/', '.');
                if (!pkg.equals("dev.hatch") && !pkg.equals("dev.hatch.spi") && !pkg.startsWith("dev.hatch.internal")) {
                    outside.add(pkg);
                }
            });
        }
        assertThat(outside).as("packages outside dev.hatch, dev.hatch.spi and dev.hatch.internal.*").isEmpty();
    }

    @Test
    void theSecurityPackageNeedsNothingFromTheHttpLayer() throws IOException {
        // Domain code throws domain exceptions (Refused); the pipeline maps them to problem details.
        List<String> imports = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/hatch/internal/security"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                for (String line : Files.readAllLines(f)) {
                    if (line.startsWith("import dev.hatch.internal.http") || line.contains("dev.hatch.internal.http.")) {
                        imports.add(f.getFileName() + ": " + line.trim());
                    }
                }
            }
        }
        assertThat(imports).isEmpty();
    }

    private static boolean exposed(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static boolean visibleFromOutside(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static void check(List<String> leaks, String where, Type type) {
        check(leaks, where, type, new java.util.HashSet<>());
    }

    /** Walks a generic type; {@code seen} stops at recursive bounds such as {@code E extends Enum<E>}. */
    private static void check(List<String> leaks, String where, Type type, Set<Type> seen) {
        if (type == null || !seen.add(type)) {
            return;
        }
        if (type instanceof Class<?> c) {
            Class<?> base = c;
            while (base.isArray()) {
                base = base.getComponentType();
            }
            if (base.getName().startsWith("dev.hatch.internal.")) {
                leaks.add(where + " -> " + base.getName());
            }
        } else if (type instanceof ParameterizedType p) {
            check(leaks, where, p.getRawType(), seen);
            for (Type a : p.getActualTypeArguments()) {
                check(leaks, where, a, seen);
            }
        } else if (type instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                check(leaks, where, b, seen);
            }
            for (Type b : w.getLowerBounds()) {
                check(leaks, where, b, seen);
            }
        } else if (type instanceof GenericArrayType g) {
            check(leaks, where, g.getGenericComponentType(), seen);
        } else if (type instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                check(leaks, where, b, seen);
            }
        }
    }

    private static List<Class<?>> apiClasses() throws IOException, ClassNotFoundException {
        List<Class<?>> classes = new ArrayList<>();
        for (String pkg : List.of("dev/hatch", "dev/hatch/spi")) {
            try (Stream<Path> files = Files.list(classesRoot().resolve(pkg))) {
                for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                    String name = pkg.replace('/', '.') + "." + p.getFileName().toString().replace(".class", "");
                    if (!name.endsWith("package-info")) {
                        classes.add(Class.forName(name, false, ApiBoundaryTest.class.getClassLoader()));
                    }
                }
            }
        }
        return classes;
    }

    private static Path classesRoot() {
        try {
            return Path.of(Hatch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
