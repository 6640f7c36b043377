package dev.hatch.cli.dumps;

import dev.hatch.cli.output.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Option;

/**
 * {@code --force}: whether a command that writes a file may replace one that exists. A picocli
 * mixin of the commands that download into a file ({@code heapdump}, {@code profile}); it checks
 * the file before the download and puts the finished part file in its place.
 */
final class ReplaceOption {
    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    /** Fails early when the target cannot be written. */
    void check(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw CliException.usage("the directory of " + target + " does not exist");
        }
        if (Files.exists(target) && !force) {
            throw CliException.usage(target + " exists; pass --force to replace it");
        }
    }

    /** Renames the finished part file to its final name. */
    void commit(Path part, Path target) {
        try {
            if (force) {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                if (Files.exists(target)) {
                    throw CliException.usage(target + " exists; pass --force to replace it (the download is kept in " + part + ")");
                }
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw CliException.failed("cannot rename " + part + " to " + target + ": " + e.getMessage());
        }
    }
}
