package dev.hatch.internal.repl;

import java.util.List;
import java.util.function.Supplier;

/** Application classes for REPL tests: snippets must see them through the application's class loader. */
public final class ReplFixture {
    /** Application state a snippet must see as it is: a second copy of this class would see {@code null}. */
    public static volatile String marker;

    /** Set to end {@link #spinUntilReleased()}. */
    public static volatile boolean released;

    private ReplFixture() {
    }

    public static int answer() {
        return 42;
    }

    /** A loop inside application code: JDK 20+ cannot stop it, JDK 17's Thread.stop can. */
    public static long spinUntilReleased() {
        long spins = 0;
        while (!released) {
            spins++;
        }
        return spins;
    }

    /** A public application type a binding can be declared with. */
    public static final class Orders {
        public int count() {
            return 3;
        }

        public List<String> ids() {
            return List.of("o-1", "o-2", "o-3");
        }
    }

    /** A value whose class snippets cannot name: the binding is declared as {@code Supplier}. */
    public static Supplier<String> secret() {
        return new Hidden();
    }

    static final class Hidden implements Supplier<String> {
        @Override
        public String get() {
            return "hidden value";
        }
    }
}
