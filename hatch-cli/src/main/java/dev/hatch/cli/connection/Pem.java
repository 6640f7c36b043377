package dev.hatch.cli.connection;

import dev.hatch.cli.output.CliException;
import dev.hatch.cli.output.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The command line's PEM files (--cacert, --cert, --key), read by the core's one PEM reader;
 * every failure is a usage error naming the option and the file.
 */
final class Pem {
    private static final long MAX_FILE = 1 << 20;

    private Pem() {
    }

    /** The certificates of a PEM file (a CA bundle or a certificate chain, leaf first). */
    static List<X509Certificate> certificates(Path file, String option) {
        try {
            return dev.hatch.internal.security.Pem.certificates(read(file, option));
        } catch (IllegalArgumentException e) {
            throw CliException.usage(option + " " + file + ": " + Text.line(e.getMessage(), 200));
        }
    }

    /** The private key of a PEM file; must be unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}). */
    static PrivateKey privateKey(Path file, String option) {
        try {
            return dev.hatch.internal.security.Pem.privateKey(read(file, option), file.getFileName().toString(), null);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(option + " " + file + ": " + Text.line(e.getMessage(), 200));
        }
    }

    private static String read(Path file, String option) {
        try {
            if (Files.size(file) > MAX_FILE) {
                throw CliException.usage(option + " " + file + ": larger than 1 MiB, not a PEM file");
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw CliException.usage(option + " " + file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
    }
}
