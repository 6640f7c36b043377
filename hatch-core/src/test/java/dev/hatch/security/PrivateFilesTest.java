package dev.hatch.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path tmp;

    @Test
    void newDirectoryIsCreated0700() throws Exception {
        Path dir = PrivateFiles.newDirectory(tmp.resolve("fresh"));
        assertThat(Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void newDirectoryRefusesAPreExistingDirectoryEvenAPrivateOne() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("there"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        assertThatThrownBy(() -> PrivateFiles.newDirectory(dir)).isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void newDirectoryRefusesASymbolicLinkToADirectoryOrToNothing() throws Exception {
        Path target = Files.createDirectory(tmp.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
        assertThatThrownBy(() -> PrivateFiles.newDirectory(link)).isInstanceOf(FileAlreadyExistsException.class);
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("not-yet"));
        assertThatThrownBy(() -> PrivateFiles.newDirectory(dangling)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(tmp.resolve("not-yet")).doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isNotEqualTo("rwx------");
    }

    @Test
    void theStateDirectoryIsNamedAfterTheAccountOrItsUidNeverAfterAnEmptyName() throws Exception {
        assertThat(PrivateFiles.userPart("root", tmp)).isEqualTo("root");
        assertThat(PrivateFiles.userPart("dom\\ann", tmp)).isEqualTo("dom_ann");
        Object uid = Files.getAttribute(Files.createTempFile(tmp, "me", ".tmp"), "unix:uid");
        // A uid without a password-database entry: the JVM calls the user "?".
        assertThat(PrivateFiles.userPart("?", tmp)).isEqualTo("uid-" + uid);
        assertThat(PrivateFiles.userPart("", tmp)).isEqualTo("uid-" + uid);
        assertThat(PrivateFiles.userPart("  ", tmp)).isEqualTo("uid-" + uid);
        try (var left = Files.list(tmp)) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("hatch-uid"))).as("probe files removed").isEmpty();
        }
    }
}
