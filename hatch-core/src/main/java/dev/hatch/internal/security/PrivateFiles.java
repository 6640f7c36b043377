package dev.hatch.internal.security;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;

/** Directories only this user can enter (0700) and files only this user can read (0600). */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /**
     * Hatch's private directory under {@code java.io.tmpdir}: {@code hatch-<user>}. The user is
     * the JVM's {@code user.name}, which comes from the password database, not from {@code $USER}
     * (often empty in root shells and containers). A user id without a database entry (a
     * container started with an arbitrary {@code --user}) has the name {@code ?}: that user gets
     * {@code hatch-uid-<id>}, so two such users never compete for one directory.
     */
    public static Path defaultStateDirectory() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        return directory(tmp.resolve("hatch-" + userPart(System.getProperty("user.name", ""), tmp)));
    }

    /** The file-name-safe user part of the state directory's name. */
    static String userPart(String userName, Path tmp) throws IOException {
        StringBuilder safe = new StringBuilder();
        boolean onlyPunctuation = true;
        for (char c : userName.strip().toCharArray()) {
            boolean letterOrDigit = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            safe.append(letterOrDigit || c == '.' || c == '_' || c == '-' ? c : '_');
            onlyPunctuation &= !letterOrDigit && c != '-';
        }
        if (safe.length() > 0 && !onlyPunctuation) {
            return safe.toString();
        }
        Path probe = Files.createTempFile(tmp, "hatch-uid", ".tmp");
        try {
            return "uid-" + Files.getAttribute(probe, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
            return "user";
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /**
     * Creates the directory (and parents) if needed and makes it 0700. Refuses a symbolic link
     * or a directory owned by another user, which in a shared temp directory would let that
     * user read the dumps.
     */
    public static Path directory(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.toAbsolutePath().getParent());
            try {
                if (posix(dir.getParent())) {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
                } else {
                    Files.createDirectory(dir);
                }
            } catch (FileAlreadyExistsException raced) {
                // created by a concurrent start of this user; checked below
            }
        }
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a plain directory (a symbolic link or a file)");
        }
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view != null) {
            UserPrincipal me;
            Path probe = Files.createTempFile(dir, ".owner", ".tmp");
            try {
                me = Files.getOwner(probe);
            } finally {
                Files.deleteIfExists(probe);
            }
            if (!view.getOwner().equals(me)) {
                throw new IOException(dir + " belongs to " + view.getOwner().getName() + ", not to this user");
            }
            view.setPermissions(DIR);
        }
        return dir;
    }

    /**
     * Creates a new directory only this user can enter (0700), in an existing parent. Unlike
     * {@link #directory(Path)} it never adopts what is already there: a directory, file or
     * symbolic link (even a dangling one) at that path makes it fail, so nobody can have
     * prepared the path, or a link to elsewhere, in advance.
     *
     * @throws java.nio.file.FileAlreadyExistsException when anything exists at the path
     */
    public static Path newDirectory(Path dir) throws IOException {
        Path created = posix(dir.getParent())
                ? Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR))
                : Files.createDirectory(dir);
        if (Files.isSymbolicLink(created) || !Files.isDirectory(created, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a plain directory");
        }
        if (posix(dir.getParent())) {
            Files.setPosixFilePermissions(created, DIR);
        }
        return created;
    }

    /** Creates a new file readable and writable by this user only (fails if it exists). */
    public static Path createFile(Path file) throws IOException {
        if (posix(file.getParent())) {
            return Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        }
        return Files.createFile(file);
    }

    /** Makes an existing file 0600 where the file system supports it. */
    public static void restrict(Path file) throws IOException {
        if (posix(file.getParent())) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /** Whether group or others may read the file. */
    public static boolean readableByOthers(Path file) throws IOException {
        if (!posix(file.getParent())) {
            return false;
        }
        Set<PosixFilePermission> p = EnumSet.copyOf(Files.getPosixFilePermissions(file));
        return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
    }

    private static boolean posix(Path dir) {
        Path d = dir == null ? Path.of(".") : dir;
        try {
            return Files.getFileStore(Files.exists(d) ? d : d.toAbsolutePath().getRoot())
                    .supportsFileAttributeView(PosixFileAttributeView.class);
        } catch (IOException e) {
            return false;
        }
    }
}
