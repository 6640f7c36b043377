package dev.hatch.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
        assertThat(PrivateFiles.userPart(" j.doe-2 ", tmp)).isEqualTo("j.doe-2");
        assertThat(PrivateFiles.userPart("-", tmp)).isEqualTo("-");
        assertThat(PrivateFiles.userPart("Jürgen", tmp)).isEqualTo("J_rgen");
        Object uid = Files.getAttribute(Files.createTempFile(tmp, "me", ".tmp"), "unix:uid");
        // A uid without a password-database entry: the JVM calls the user "?".
        assertThat(PrivateFiles.userPart("?", tmp)).isEqualTo("uid-" + uid);
        assertThat(PrivateFiles.userPart("", tmp)).isEqualTo("uid-" + uid);
        assertThat(PrivateFiles.userPart("  ", tmp)).isEqualTo("uid-" + uid);
        // nothing but dots and underscores would name "hatch-..", or a directory shared by such users
        assertThat(PrivateFiles.userPart("..", tmp)).isEqualTo("uid-" + uid);
        assertThat(PrivateFiles.userPart("?_.", tmp)).isEqualTo("uid-" + uid);
        try (var left = Files.list(tmp)) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("hatch-uid"))).as("probe files removed").isEmpty();
        }
    }

    @Test
    void directoryRefusesASymbolicLinkAndTightensAnExistingOpenDirectory() throws Exception {
        Path target = Files.createDirectory(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("linked"), target);
        assertThatThrownBy(() -> PrivateFiles.directory(link)).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("not a plain directory");
        Path open = Files.createDirectory(tmp.resolve("open"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        assertThat(PrivateFiles.directory(open)).isEqualTo(open);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(open))).isEqualTo("rwx------");
        try (var left = Files.list(open)) {
            assertThat(left).as("the owner probe is removed").isEmpty();
        }
    }

    @Test
    void directoryRefusesADirectoryOwnedBySomeoneElse() throws Exception {
        // Giving a directory away needs root; as another user this test has nothing to show.
        assumeTrue("root".equals(System.getProperty("user.name")), "giving a directory to another user needs root");
        Path theirs = Files.createDirectory(tmp.resolve("theirs"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setOwner(theirs, theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        assertThatThrownBy(() -> PrivateFiles.directory(theirs)).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("belongs to nobody");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(theirs))).as("left as it was").isEqualTo("rwxrwxrwx");
    }

    @Test
    void tokenAndKeyFilesReadableByOthersAreWarnedAbout() throws Exception {
        java.util.List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.hatch.security");
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    warnings.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try {
            Path privateToken = Files.writeString(tmp.resolve("private-token"), "a-private-token-0123456789abcdef");
            Files.setPosixFilePermissions(privateToken, PosixFilePermissions.fromString("rw-------"));
            TokenSpec.resolve("hatch.token.ops", "file:" + privateToken);
            assertThat(warnings).isEmpty();
            Path openToken = Files.writeString(tmp.resolve("open-token"), "an-open-token-0123456789abcdef");
            Files.setPosixFilePermissions(openToken, PosixFilePermissions.fromString("rw-r--r--"));
            TokenSpec.resolve("hatch.token.ops", "file:" + openToken);
            assertThat(warnings).singleElement().asString().contains(openToken.toString(), "hatch.token.ops", "readable by other users")
                    .doesNotContain("an-open-token");

            Path[] pem = dev.hatch.TestPki.issue(dev.hatch.TestPki.ca("CN=Test CA"), "CN=localhost", java.util.List.of("dns:localhost"))
                    .writePem(tmp, "server");
            Files.setPosixFilePermissions(pem[1], PosixFilePermissions.fromString("rw-r-----"));
            TlsFiles.pem(pem[0], pem[1], "changeit".toCharArray());
            assertThat(warnings).hasSize(2);
            assertThat(warnings.get(1)).contains(pem[1].toString(), "private key", "readable by other users");
        } finally {
            log.removeHandler(handler);
        }
    }
}
