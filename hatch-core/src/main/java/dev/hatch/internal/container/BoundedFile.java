package dev.hatch.internal.container;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads small kernel files (cgroup, /proc) with a size cap. Never throws: a file that cannot be
 * read is an absent figure, and, unless the file is optional, a note.
 */
final class BoundedFile {
    /** Every file read here is a few hundred bytes to a few KiB; 64 KiB is ample. */
    static final int MAX_BYTES = 64 * 1024;

    private BoundedFile() {
    }

    /** The file's text; a missing file is noted, since the caller expected it. */
    static Optional<String> read(Path file, Notes notes) {
        return read(file, notes, true);
    }

    /** The file's text; a missing file is not worth a note (kernel- or version-dependent file). */
    static Optional<String> readIfPresent(Path file, Notes notes) {
        return read(file, notes, false);
    }

    static boolean exists(Path file) {
        try {
            return Files.isRegularFile(file);
        } catch (SecurityException e) {
            return false;
        }
    }

    private static Optional<String> read(Path file, Notes notes, boolean expected) {
        // Files.size() says 0 for /proc and cgroup files, so read up to the cap instead.
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length <= MAX_BYTES) {
                return Optional.of(new String(bytes, StandardCharsets.UTF_8));
            }
            String text = new String(bytes, 0, MAX_BYTES, StandardCharsets.UTF_8);
            int lastLine = text.lastIndexOf('\n');
            notes.add(file + ": larger than " + MAX_BYTES + " bytes, read the first lines only");
            return Optional.of(lastLine < 0 ? "" : text.substring(0, lastLine + 1));
        } catch (NoSuchFileException e) {
            if (expected) {
                notes.add(file + ": not present");
            }
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            notes.add(file + ": unreadable (" + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
    }
}
