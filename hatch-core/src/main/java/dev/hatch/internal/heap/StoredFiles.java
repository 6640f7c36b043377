package dev.hatch.internal.heap;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The directory of ready artifacts, {@code <id>.hprof} (heap dumps) or {@code <id>.zip} (memory
 * bundles) each. Only complete files are moved in, so
 * listing it lists the ready dumps, whichever process wrote them; names that are not ids are
 * ignored, never served and never deleted.
 */
final class StoredFiles {
    /** What a dump id looks like: {@code 20260102T030405Z-1a2b3c}. */
    static final Pattern ID = Pattern.compile("[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}");
    private static final System.Logger LOG = System.getLogger("dev.hatch.heap");
    private static final String SUFFIX = ".hprof";
    private static final String BUNDLE_SUFFIX = ".zip";

    private final Path dir;

    StoredFiles(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** Where the dump with this id lives (or will). */
    Path file(String id) {
        return dir.resolve(id + SUFFIX);
    }

    /** Where the bundle with this id lives (or will). */
    Path bundleFile(String id) {
        return dir.resolve(id + BUNDLE_SUFFIX);
    }

    /** The ready dump or bundle with this id, or null. */
    StoredDump read(String id, String origin) {
        for (Path p : new Path[] {file(id), bundleFile(id)}) {
            try {
                return read(p, origin);
            } catch (IOException gone) {
                // not this kind
            }
        }
        return null;
    }

    /** Every ready dump. */
    List<StoredDump> all() {
        List<StoredDump> out = new ArrayList<>();
        for (Path p : files()) {
            try {
                out.add(read(p, null));
            } catch (IOException gone) {
                // deleted meanwhile
            }
        }
        return out;
    }

    /** Bytes the ready dumps use. */
    long usedBytes() {
        long sum = 0;
        for (StoredDump d : all()) {
            sum += d.bytes();
        }
        return sum;
    }

    /** Deletes dumps last written before the cutoff; never throws. */
    void deleteOlderThan(Instant cutoff) {
        for (Path p : files()) {
            try {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(p);
                    LOG.log(System.Logger.Level.INFO, "deleted stored heap dump " + p.getFileName() + " (older than hatch.heapdumps.retention)");
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "retention of " + p, e);
            }
        }
    }

    private static StoredDump read(Path file, String origin) throws IOException {
        String name = file.getFileName().toString();
        boolean bundle = name.endsWith(BUNDLE_SUFFIX);
        String id = name.substring(0, name.length() - (bundle ? BUNDLE_SUFFIX : SUFFIX).length());
        return new StoredDump(id, StoredDump.State.READY, Files.size(file), Files.getLastModifiedTime(file).toInstant(), origin,
                null, file, bundle ? StoredDump.BUNDLE : StoredDump.HEAPDUMP);
    }

    private List<Path> files() {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.{hprof,zip}")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                String stem = n.substring(0, n.lastIndexOf('.'));
                if (ID.matcher(stem).matches() && Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot list " + dir, e);
        }
        return out;
    }
}
