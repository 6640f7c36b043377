package dev.hatch.internal.loggers;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Calls public methods of a logging framework Hatch does not compile against. */
final class Reflect {
    private Reflect() {
    }

    /** Calls {@code target.name(args)}, where every argument is declared as a String. */
    static Object call(Object target, String name, String... args) {
        Class<?>[] types = new Class<?>[args.length];
        java.util.Arrays.fill(types, String.class);
        return invoke(target, method(target.getClass(), name, types), (Object[]) args);
    }

    /** Looks up a public method; a missing one means an unsupported framework version. */
    static Method method(Class<?> type, String name, Class<?>... params) {
        try {
            return type.getMethod(name, params);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + "." + name + " does not exist in this version", e);
        }
    }

    /** Invokes, turning the framework's own failure into an IllegalStateException with its message. */
    static Object invoke(Object target, Method m, Object... args) {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(m.getDeclaringClass().getSimpleName() + "." + m.getName() + " failed: "
                    + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("no access to " + m + ": " + e.getMessage(), e);
        }
    }
}
