package dev.hatch.internal.security;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one PEM reader, for the endpoint's TLS files and the command line's client certificates:
 * X.509 certificates and unencrypted PKCS#8 private keys. JDK only (the command line carries
 * it without the rest of Hatch). Every failure is an {@link IllegalArgumentException} whose
 * message says what is wrong and, where a command fixes it, which; the caller puts the setting
 * and the file in front.
 */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA");

    private Pem() {
    }

    /** A labelled block of a PEM file, decoded. */
    public record Block(String label, byte[] der) {
    }

    /** Every block of a PEM text, in order. */
    public static List<Block> blocks(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2).trim())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the " + m.group(1) + " block is not valid base64", e);
            }
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("no PEM block (-----BEGIN ...-----) in it");
        }
        return blocks;
    }

    /** The certificates of a PEM text (a CA bundle or a chain, leaf first). */
    public static List<X509Certificate> certificates(String text) {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(text)) {
                if (b.label().equals("CERTIFICATE") || b.label().equals("TRUSTED CERTIFICATE")) {
                    certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not a valid X.509 certificate (" + e.getMessage() + ")", e);
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("no CERTIFICATE block in it (expected -----BEGIN CERTIFICATE-----)");
        }
        return certs;
    }

    /**
     * The private key of a PEM text: unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}).
     *
     * @param fileName named in the conversion command a message gives for other formats
     * @param algorithm tried first (the certificate's key algorithm), or {@code null}
     */
    public static PrivateKey privateKey(String text, String fileName, String algorithm) {
        for (Block b : blocks(text)) {
            switch (b.label()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(b.der(), algorithm);
                }
                case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY" -> throw new IllegalArgumentException("the key is in the old "
                        + b.label().replace(" PRIVATE KEY", "") + " format; convert it to unencrypted PKCS#8: openssl pkcs8 -topk8"
                        + " -nocrypt -in " + fileName + " -out key.pem (and chmod 600 it)");
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException("the key is encrypted; decrypt it to a file only you"
                        + " can read: openssl pkcs8 -in " + fileName + " -out key.pem (and chmod 600 it)");
                default -> {
                    // certificates or parameters kept in the same file
                }
            }
        }
        throw new IllegalArgumentException("no PRIVATE KEY block in it (expected -----BEGIN PRIVATE KEY-----)");
    }

    private static PrivateKey pkcs8(byte[] der, String preferred) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        Set<String> algorithms = new LinkedHashSet<>();
        if (preferred != null) {
            algorithms.add(preferred);
        }
        algorithms.addAll(KEY_ALGORITHMS);
        for (String algorithm : algorithms) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not this algorithm: try the next
            }
        }
        throw new IllegalArgumentException("not an RSA, EC or EdDSA private key this Java can read");
    }
}
