package dev.hatch.internal.repl;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The class path the snippet compiler needs to see what the snippets' class loader sees. JShell
 * compiles against {@code java.class.path} only; an application class loader (a fat-jar
 * launcher, an application server) has other locations. This walks the loader chain and takes
 * each {@link URLClassLoader}'s URLs: {@code file:} locations as they are, and entries nested in
 * a jar ({@code jar:file:/app.jar!/BOOT-INF/lib/x.jar!/} of Spring Boot up to 3.1,
 * {@code jar:nested:/app.jar/!BOOT-INF/lib/x.jar!/} from 3.2, the same for
 * {@code BOOT-INF/classes} and {@code WEB-INF/...}) extracted into a private directory, because
 * javac cannot read a jar inside a jar. Loaders that are not {@code URLClassLoader}s are invisible
 * to the compiler.
 */
final class CompileClassPath {
    private static final System.Logger LOG = System.getLogger("dev.hatch.repl");
    private static final long MAX_EXTRACTED = 2L << 30;

    private final Path workDir;
    private long extracted;
    private int sequence;

    private CompileClassPath(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * The class path for {@code loader}: {@code java.class.path} first, then the locations of the
     * loaders from the top of the chain down to {@code loader}.
     *
     * @param workDir a private directory for extracted nested entries, created when first needed
     */
    static String of(ClassLoader loader, Path workDir) {
        Set<String> entries = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(e);
            }
        }
        Deque<URLClassLoader> chain = new ArrayDeque<>();
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                chain.push(u);
            }
        }
        CompileClassPath cp = new CompileClassPath(workDir);
        for (URLClassLoader l : chain) {
            for (URL url : l.getURLs()) {
                try {
                    String path = cp.location(url);
                    if (path != null) {
                        entries.add(path);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "REPL: snippets cannot compile against " + url + ": " + e);
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private String location(URL url) throws IOException {
        String s = url.toString();
        if (s.startsWith("file:")) {
            return fileOf(s).toString();
        }
        if (!s.startsWith("jar:")) {
            return null;
        }
        String inner = s.substring(4);
        if (inner.endsWith("!/")) {
            inner = inner.substring(0, inner.length() - 2);
        }
        String outer;
        String entry;
        if (inner.startsWith("nested:")) {
            int sep = inner.indexOf("/!");
            if (sep < 0) {
                return null;
            }
            outer = URLDecoder.decode(inner.substring("nested:".length(), sep), StandardCharsets.UTF_8);
            entry = inner.substring(sep + 2);
        } else if (inner.startsWith("file:")) {
            int sep = inner.indexOf("!/");
            if (sep < 0) {
                return fileOf(inner).toString();
            }
            outer = fileOf(inner.substring(0, sep)).toString();
            entry = inner.substring(sep + 2);
        } else {
            return null;
        }
        if (entry.isEmpty()) {
            return outer;
        }
        return extract(Path.of(outer), entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry);
    }

    private static Path fileOf(String fileUrl) throws IOException {
        try {
            return Path.of(new URI(fileUrl));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("not a file URL: " + fileUrl, e);
        }
    }

    /** Copies a nested jar, or the entries under a nested directory, out of {@code jar}. */
    private String extract(Path jar, String entry) throws IOException {
        Files.createDirectories(workDir);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry single = zip.getEntry(entry);
            String name = (++sequence) + "-" + entry.substring(entry.lastIndexOf('/') + 1);
            if (single != null && !single.isDirectory()) {
                Path target = workDir.resolve(name);
                copy(zip, single, target);
                return target.toString();
            }
            Path dir = workDir.resolve(name);
            String prefix = entry + "/";
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                if (!e.isDirectory() && e.getName().startsWith(prefix)) {
                    Path target = dir.resolve(e.getName().substring(prefix.length())).normalize();
                    if (!target.startsWith(dir)) {
                        continue; // an entry name climbing out of the directory
                    }
                    Files.createDirectories(target.getParent());
                    copy(zip, e, target);
                }
            }
            return dir.toString();
        }
    }

    private void copy(ZipFile zip, ZipEntry e, Path target) throws IOException {
        if (extracted > MAX_EXTRACTED) {
            throw new IOException("more than " + (MAX_EXTRACTED >> 20) + " MiB extracted already");
        }
        try (InputStream in = zip.getInputStream(e)) {
            extracted += Files.copy(in, target);
        }
    }
}
