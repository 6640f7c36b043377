package dev.hatch.internal.repl;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/**
 * The application's named objects in a session. Each is declared with the value's own class
 * when a snippet can name it, else the nameable interface offering the most methods (so
 * {@code List} rather than {@code Serializable}), else its nearest nameable superclass, else
 * {@code Object}. Nameable means public (with every enclosing class), exported by its module,
 * and the very same class when the snippets' class loader looks it up by name. Generic types
 * are declared raw, so that every method is callable.
 */
final class Bindings {
    private Bindings() {
    }

    /**
     * Declares a variable for each binding in the session and sets it to the application's
     * object (directly in the static field JShell keeps it in).
     *
     * @return each binding's name and declared type
     */
    static Map<String, String> declare(JShell shell, GuardedExecutionControl control, ReplConfig config) {
        Map<String, String> types = new LinkedHashMap<>();
        config.bindings().forEach((name, value) -> {
            String type = of(value.getClass(), config.classLoader());
            if (!declare(shell, control, type, name)) {
                type = "Object"; // the compiler cannot see the class the loader can
                declare(shell, control, type, name);
            }
            if (set(control, name, value)) {
                types.put(name, type);
            } else {
                System.getLogger("dev.hatch.repl").log(System.Logger.Level.WARNING, "REPL: binding ''{0}'' could not be set", name);
            }
        });
        return types;
    }

    private static boolean declare(JShell shell, GuardedExecutionControl control, String type, String name) {
        control.loader().takeLoadedNames();
        List<SnippetEvent> events = shell.eval(type + " " + name + ";");
        boolean ok = !events.isEmpty() && events.get(0).status() == Snippet.Status.VALID;
        if (!ok && !events.isEmpty()) {
            shell.drop(events.get(0).snippet());
        }
        return ok;
    }

    private static boolean set(GuardedExecutionControl control, String name, Object value) {
        for (String className : control.loader().takeLoadedNames()) {
            try {
                Field f = control.loader().findClass(className).getDeclaredField(name);
                f.setAccessible(true);
                f.set(null, value);
                return true;
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not the class holding the variable
            }
        }
        return false;
    }

    /** The source text of the type to declare, e.g. {@code java.util.List}. */
    static String of(Class<?> type, ClassLoader loader) {
        if (nameable(type, loader)) {
            return type.getCanonicalName();
        }
        Class<?> best = null;
        for (Class<?> i : interfaces(type)) {
            if (nameable(i, loader) && (best == null || i.getMethods().length > best.getMethods().length)) {
                best = i;
            }
        }
        if (best != null) {
            return best.getCanonicalName();
        }
        for (Class<?> c = type.getSuperclass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (nameable(c, loader)) {
                return c.getCanonicalName();
            }
        }
        return "Object";
    }

    static boolean nameable(Class<?> type, ClassLoader loader) {
        Class<?> t = type;
        while (t.isArray()) {
            t = t.getComponentType();
        }
        if (t.isPrimitive()) {
            return true;
        }
        if (t.isHidden() || t.isAnonymousClass() || t.isLocalClass() || t.isSynthetic() || t.getCanonicalName() == null) {
            return false;
        }
        for (Class<?> c = t; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        if (!t.getModule().isExported(t.getPackageName())) {
            return false;
        }
        try {
            return Class.forName(t.getName(), false, loader) == t;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Every interface the type implements, nearest first. */
    private static List<Class<?>> interfaces(Class<?> type) {
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> queue = new ArrayDeque<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            queue.add(c);
        }
        while (!queue.isEmpty()) {
            for (Class<?> i : queue.poll().getInterfaces()) {
                if (seen.add(i)) {
                    queue.add(i);
                }
            }
        }
        return new ArrayList<>(seen);
    }
}
