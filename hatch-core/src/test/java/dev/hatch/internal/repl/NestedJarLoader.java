package dev.hatch.internal.repl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A stand-in for a fat-jar launcher's class loader (Spring Boot's layout): application classes
 * under {@code BOOT-INF/classes}, a library as the nested jar {@code BOOT-INF/lib/dep.jar}, and
 * URLs the JDK cannot open, one in Spring Boot 3.2's {@code jar:nested:} form and one in the older
 * {@code jar:file:...!/...!/} form. Neither class is on the test class path.
 */
final class NestedJarLoader extends URLClassLoader {
    private final Map<String, byte[]> classes = new HashMap<>();

    private NestedJarLoader(URL[] urls, Path fatJar) throws IOException {
        super(urls, ClassLoader.getSystemClassLoader());
        try (ZipFile zip = new ZipFile(fatJar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.getName().startsWith("BOOT-INF/classes/") && e.getName().endsWith(".class")) {
                    classes.put(e.getName().substring("BOOT-INF/classes/".length()), zip.getInputStream(e).readAllBytes());
                } else if (e.getName().startsWith("BOOT-INF/lib/")) {
                    try (ZipInputStream nested = new ZipInputStream(zip.getInputStream(e))) {
                        for (ZipEntry n; (n = nested.getNextEntry()) != null; ) {
                            if (n.getName().endsWith(".class")) {
                                classes.put(n.getName(), nested.readAllBytes());
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = classes.get(name.replace('.', '/') + ".class");
        if (b == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, b, 0, b.length);
    }

    /** Compiles the two classes and packs them as a fat jar in {@code dir}. */
    static NestedJarLoader build(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Path widget = Files.writeString(src.resolve("Widget.java"), "package demo;\npublic class Widget {\n"
                + "    public String describe() { return \"widget with \" + new demo.lib.Part().name(); }\n}\n");
        Path part = Files.writeString(src.resolve("Part.java"), "package demo.lib;\npublic class Part {\n"
                + "    public String name() { return \"part-7\"; }\n}\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", out.toString(), widget.toString(), part.toString());
        if (rc != 0) {
            throw new IOException("javac failed: " + rc);
        }
        ByteArrayOutputStream dep = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(dep)) {
            put(z, "demo/lib/Part.class", Files.readAllBytes(out.resolve("demo/lib/Part.class")));
        }
        Path fat = dir.resolve("app.jar");
        try (OutputStream f = Files.newOutputStream(fat); ZipOutputStream z = new ZipOutputStream(f)) {
            put(z, "BOOT-INF/classes/demo/Widget.class", Files.readAllBytes(out.resolve("demo/Widget.class")));
            put(z, "BOOT-INF/lib/dep.jar", dep.toByteArray());
        }
        String path = fat.toAbsolutePath().toString();
        List<URL> urls = List.of(
                new URL(null, "jar:nested:" + path + "/!BOOT-INF/classes/!/", UNOPENABLE),
                new URL(null, "jar:" + fat.toUri() + "!/BOOT-INF/lib/dep.jar!/", UNOPENABLE));
        return new NestedJarLoader(urls.toArray(new URL[0]), fat);
    }

    /** Keeps the URL text as given (the JDK's jar handler rejects the unknown inner {@code nested:} scheme). */
    private static final URLStreamHandler UNOPENABLE = new URLStreamHandler() {
        @Override
        protected void parseURL(URL u, String spec, int start, int limit) {
            setURL(u, "jar", null, -1, null, null, spec.substring(start, limit), null, null);
        }

        @Override
        protected URLConnection openConnection(URL u) throws IOException {
            throw new IOException("a launcher-specific URL: " + u);
        }
    };

    private static void put(ZipOutputStream z, String name, byte[] bytes) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            in.transferTo(z);
        }
        z.closeEntry();
    }
}
