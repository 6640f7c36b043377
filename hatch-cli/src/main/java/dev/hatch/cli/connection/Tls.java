package dev.hatch.cli.connection;

import dev.hatch.cli.output.CliException;
import dev.hatch.cli.output.Text;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The client side of TLS from PEM files: {@code --cacert} (the CAs to trust instead of the
 * JDK's defaults) and {@code --cert}/{@code --key} (a client certificate for mutual TLS).
 * Host names are always verified; there is no switch to turn that off.
 */
final class Tls {
    private Tls() {
    }

    /** An SSL context for the given files, or {@code null} when none is given (the JDK's defaults). */
    static SSLContext context(Path caCert, Path cert, Path key) {
        if (caCert == null && cert == null && key == null) {
            return null;
        }
        if ((cert == null) != (key == null)) {
            throw CliException.usage(cert == null ? "--key needs --cert FILE (the client certificate)" : "--cert needs --key FILE (its private key)");
        }
        try {
            TrustManagerFactory tmf = null;
            if (caCert != null) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int i = 0;
                for (X509Certificate c : Pem.certificates(caCert, "--cacert")) {
                    trust.setCertificateEntry("ca-" + i++, c);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (cert != null) {
                List<X509Certificate> chain = Pem.certificates(cert, "--cert");
                PrivateKey privateKey = Pem.privateKey(key, "--key");
                checkPair(chain.get(0), privateKey, cert, key);
                char[] password = randomPassword();
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("client", privateKey, password, chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, password);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw CliException.usage("cannot set up TLS from the given files: " + Text.line(e.getMessage(), 120));
        }
    }

    /** Fails early and clearly when the key does not belong to the certificate (the handshake would fail obscurely). */
    private static void checkPair(X509Certificate cert, PrivateKey key, Path certFile, Path keyFile) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        try {
            byte[] probe = "hatch".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's: reported below
        }
        throw CliException.usage("--key " + keyFile + " does not belong to the certificate in --cert " + certFile);
    }

    private static char[] randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b).toCharArray();
    }
}
