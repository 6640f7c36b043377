package dev.hatch.cli.connection;

import dev.hatch.cli.output.CliException;
import dev.hatch.cli.output.Text;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads PEM files: X.509 certificates and unencrypted PKCS#8 private keys. */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA"};

    private Pem() {
    }

    /** A labelled block of a PEM file. */
    record Block(String label, byte[] der) {
    }

    /** Every block of a PEM file, in order. */
    static List<Block> blocks(Path file, String option) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw CliException.usage(option + " " + file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2).trim())));
            } catch (IllegalArgumentException e) {
                throw CliException.usage(option + " " + file + ": the " + m.group(1) + " block is not valid base64");
            }
        }
        if (blocks.isEmpty()) {
            throw CliException.usage(option + " " + file + ": no PEM block (-----BEGIN ...-----) in it");
        }
        return blocks;
    }

    /** The certificates of a PEM file (a CA bundle or a certificate chain, leaf first). */
    static List<X509Certificate> certificates(Path file, String option) {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(file, option)) {
                if (b.label().equals("CERTIFICATE") || b.label().equals("TRUSTED CERTIFICATE")) {
                    certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException e) {
            throw CliException.usage(option + " " + file + ": not a valid X.509 certificate (" + Text.line(e.getMessage(), 80) + ")");
        }
        if (certs.isEmpty()) {
            throw CliException.usage(option + " " + file + ": no CERTIFICATE block in it");
        }
        return certs;
    }

    /** The private key of a PEM file; must be unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}). */
    static PrivateKey privateKey(Path file, String option) {
        for (Block b : blocks(file, option)) {
            switch (b.label()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(b.der(), file, option);
                }
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw CliException.usage(option + " " + file + ": the key is in the old "
                        + b.label().replace(" PRIVATE KEY", "") + " format; convert it: openssl pkcs8 -topk8 -nocrypt -in "
                        + file.getFileName() + " -out key.pem");
                case "ENCRYPTED PRIVATE KEY" -> throw CliException.usage(option + " " + file + ": the key is encrypted; decrypt it to a"
                        + " file only you can read: openssl pkcs8 -in " + file.getFileName() + " -out key.pem");
                default -> {
                    // skip certificates or parameters kept in the same file
                }
            }
        }
        throw CliException.usage(option + " " + file + ": no PRIVATE KEY block in it");
    }

    private static PrivateKey pkcs8(byte[] der, Path file, String option) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not this algorithm: try the next
            }
        }
        throw CliException.usage(option + " " + file + ": not an RSA, EC or EdDSA key this Java can read");
    }
}
