package dev.hatch.internal.security;

import dev.hatch.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Enumeration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the server's {@link SSLContext} from a PKCS#12 key store or from PEM files (a
 * certificate chain and an unencrypted PKCS#8 private key), with the JDK alone. Every problem
 * is a {@link ConfigException} that names the key and says what to do.
 */
public final class TlsFiles {
    private static final long MAX_FILE = 1 << 20;

    private TlsFiles() {
    }

    /** A key store holding the key and chain of a PKCS#12 file; the password protects both. */
    public static KeyStore pkcs12(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            String alias = keyAlias(ks);
            if (alias == null) {
                throw new ConfigException("hatch.tls.keystore: " + file + " holds no private key with a certificate");
            }
            return ks;
        } catch (IOException e) {
            throw new ConfigException("hatch.tls.keystore: " + file + " cannot be read: " + e.getMessage()
                    + " (a wrong hatch.tls.keystore-password shows this way too)", e);
        } catch (GeneralSecurityException e) {
            throw new ConfigException("hatch.tls.keystore: " + file + " is not a usable PKCS#12 file: " + e.getMessage(), e);
        }
    }

    /** A key store built in memory from a PEM chain (leaf first) and the PKCS#8 PEM key of the leaf. */
    public static KeyStore pem(Path certificateChain, Path privateKey, char[] password) {
        List<X509Certificate> chain = certificates("hatch.tls.cert", certificateChain);
        PrivateKey key = privateKey(privateKey, chain.get(0));
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("hatch", key, password, chain.toArray(new Certificate[0]));
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("hatch.tls.cert: cannot hold the certificate and key: " + e.getMessage(), e);
        }
    }

    /** A trust store of the CA certificates in a PEM file. */
    public static KeyStore trustStore(Path caFile) {
        List<X509Certificate> cas = certificates("hatch.tls.client-ca", caFile);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                ks.setCertificateEntry("ca-" + i, cas.get(i));
            }
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("hatch.tls.client-ca: cannot hold the certificates: " + e.getMessage(), e);
        }
    }

    /** A TLS context serving the key store's key, trusting the trust store's CAs for client certificates (may be null). */
    public static SSLContext context(KeyStore keys, char[] password, KeyStore trust) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            TrustManagerFactory tmf = null;
            if (trust != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("hatch.tls: cannot set up TLS: " + e.getMessage(), e);
        }
    }

    static List<X509Certificate> certificates(String key, Path file) {
        try {
            return Pem.certificates(new String(read(key, file), StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + file + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file, X509Certificate leaf) {
        String text = new String(read("hatch.tls.key", file), StandardCharsets.US_ASCII);
        PublicKey pub = leaf.getPublicKey();
        PrivateKey key;
        try {
            key = Pem.privateKey(text, file.getFileName().toString(), pub.getAlgorithm());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("hatch.tls.key: " + file + ": " + e.getMessage(), e);
        }
        warnIfReadable(file);
        if (!matches(key, pub)) {
            throw new ConfigException("hatch.tls.key: " + file + " does not belong to the first certificate of hatch.tls.cert"
                    + " (the chain must start with the server's own certificate)");
        }
        return key;
    }

    private static boolean matches(PrivateKey key, PublicKey pub) {
        String alg = switch (pub.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> pub.getAlgorithm(); // EdDSA, Ed25519, Ed448
        };
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String keyAlias(KeyStore ks) throws GeneralSecurityException {
        for (Enumeration<String> e = ks.aliases(); e.hasMoreElements(); ) {
            String alias = e.nextElement();
            if (ks.isKeyEntry(alias)) {
                return alias;
            }
        }
        return null;
    }

    private static byte[] read(String key, Path file) {
        try {
            if (Files.size(file) > MAX_FILE) {
                throw new ConfigException(key + ": " + file + " is larger than 1 MiB");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(key + ": " + file + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static void warnIfReadable(Path file) {
        try {
            if (PrivateFiles.readableByOthers(file)) {
                System.getLogger("dev.hatch.security").log(System.Logger.Level.WARNING,
                        "private key file {0} is readable by other users; chmod 600 it", file);
            }
        } catch (IOException ignored) {
            // the key was read; the permission check is advice only
        }
    }
}
