package dev.hatch.internal.repl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;

/**
 * Loads a session's snippet classes with the application's class loader as parent, so snippets
 * see the application's classes (JShell's default delegate uses the system class loader, which
 * cannot see a fat jar's or an application server's classes). Refuses classes that would end
 * the process ({@link ExitGuard}); JShell reports such a snippet as if it had run, so the
 * refusal is kept for the caller to collect with {@link #takeRefusal()}.
 */
final class SnippetLoader implements LoaderDelegate {
    private final Loader loader;
    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();
    private final List<String> loadedNames = new ArrayList<>();
    private String refusal;

    SnippetLoader(ClassLoader parent) {
        this.loader = new Loader(parent);
    }

    /** The class loader of the snippets. */
    ClassLoader classLoader() {
        return loader;
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException {
        for (ClassBytecodes cbc : cbcs) {
            String exit = ExitGuard.check(cbc.bytecodes());
            if (exit != null) {
                synchronized (this) {
                    refusal = exit;
                }
                throw new ClassInstallException("refused: the snippet calls " + exit, new boolean[cbcs.length]);
            }
        }
        boolean[] installed = new boolean[cbcs.length];
        try {
            for (ClassBytecodes cbc : cbcs) {
                loader.declare(cbc.name(), cbc.bytecodes());
            }
            for (int i = 0; i < cbcs.length; i++) {
                Class<?> c = loader.loadClass(cbcs[i].name());
                classes.put(cbcs[i].name(), c);
                synchronized (this) {
                    loadedNames.add(cbcs[i].name());
                }
                installed[i] = true;
                c.getDeclaredMethods(); // links the class now, as JShell's own delegate does
            }
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ClassInstallException("load: " + e, installed);
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] cbcs) {
        for (ClassBytecodes cbc : cbcs) {
            loader.declare(cbc.name(), cbc.bytecodes());
        }
    }

    /** Ignored: the compiler's class path is set once, and the parent loader already sees the application. */
    @Override
    public void addToClasspath(String path) {
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> c = classes.get(name);
        if (c == null) {
            throw new ClassNotFoundException(name);
        }
        return c;
    }

    /** The refusal since the last call, e.g. {@code System.exit}, or {@code null}. */
    synchronized String takeRefusal() {
        String r = refusal;
        refusal = null;
        return r;
    }

    /** The names of the classes loaded since the last call. */
    synchronized List<String> takeLoadedNames() {
        List<String> names = new ArrayList<>(loadedNames);
        loadedNames.clear();
        return names;
    }

    private static final class Loader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> bytecodes = new ConcurrentHashMap<>();

        Loader(ClassLoader parent) {
            super("hatch-repl", parent);
        }

        void declare(String name, byte[] bytes) {
            bytecodes.put(name, bytes);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = bytecodes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
