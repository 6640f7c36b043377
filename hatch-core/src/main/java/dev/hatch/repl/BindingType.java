package dev.hatch.repl;

import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Chooses the type a binding is declared with in a session: the value's own class when a
 * snippet can name it, else the nameable interface offering the most methods (so {@code List}
 * rather than {@code Serializable}), else its nearest nameable
 * superclass, else {@code Object}. Nameable means public (with every enclosing class), exported
 * by its module, and the very same class when the snippets' class loader looks it up by name.
 * Generic types are declared raw, so that every method is callable.
 */
final class BindingType {
    private BindingType() {
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
