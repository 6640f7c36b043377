package dev.hatch;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;

/**
 * Certificates made in code for the TLS tests (nothing committed): a tiny DER writer for X.509
 * v3 certificates signed with ECDSA P-256, in the spirit of okhttp-tls's HeldCertificate. Public
 * for the shipped-jar tests of hatch-agent (test-jar).
 */
public final class TestPki {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestPki() {
    }

    /** A key pair and its certificate. */
    public record Held(KeyPair keys, X509Certificate certificate) {
        public String certificatePem() throws Exception {
            return pem("CERTIFICATE", certificate.getEncoded());
        }

        public String privateKeyPem() {
            return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
        }

        /** Writes cert.pem and key.pem into the directory; returns {cert, key}. */
        public Path[] writePem(Path dir, String name) throws Exception {
            Path cert = dir.resolve(name + "-cert.pem");
            Path key = dir.resolve(name + "-key.pem");
            Files.writeString(cert, certificatePem());
            Files.writeString(key, privateKeyPem());
            return new Path[] {cert, key};
        }

        /** A PKCS#12 file with this key and certificate (and the issuer chain given). */
        public Path writePkcs12(Path file, char[] password, X509Certificate... chainAbove) throws Exception {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            X509Certificate[] chain = new X509Certificate[chainAbove.length + 1];
            chain[0] = certificate;
            System.arraycopy(chainAbove, 0, chain, 1, chainAbove.length);
            ks.setKeyEntry("server", keys.getPrivate(), password, chain);
            try (var out = Files.newOutputStream(file)) {
                ks.store(out, password);
            }
            return file;
        }
    }

    public static Held ca(String dn) throws Exception {
        KeyPair keys = keyPair();
        return new Held(keys, sign(dn, keys, dn, keys, true, List.of()));
    }

    /** A certificate issued by the CA; SANs as "dns:x", "ip:1.2.3.4", "email:x", "uri:x". */
    public static Held issue(Held issuer, String dn, List<String> sans) throws Exception {
        KeyPair keys = keyPair();
        return new Held(keys, sign(dn, keys, issuer.certificate.getSubjectX500Principal().getName(), issuer.keys, false, sans));
    }

    /** A client TLS context trusting the CA, presenting the given client certificate (or none). */
    public static SSLContext clientContext(Held ca, Held client) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (client != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", client.keys.getPrivate(), "x".toCharArray(),
                    new X509Certificate[] {client.certificate});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "x".toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), RANDOM);
        return ctx;
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate sign(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys, boolean ca,
                                        List<String> sans) throws Exception {
        byte[] ecdsaSha256 = seq(oid(new int[] {1, 2, 840, 10045, 4, 3, 2}));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        DateTimeFormatter utc = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
        byte[] validity = seq(tlv(0x17, now.minusHours(1).format(utc).getBytes(StandardCharsets.US_ASCII)),
                tlv(0x17, now.plusDays(2).format(utc).getBytes(StandardCharsets.US_ASCII)));
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        ext.write(extension(new int[] {2, 5, 29, 19}, true, ca ? seq(new byte[] {0x01, 0x01, (byte) 0xff}) : seq()));
        if (!sans.isEmpty()) {
            ByteArrayOutputStream names = new ByteArrayOutputStream();
            for (String san : sans) {
                int colon = san.indexOf(':');
                String type = san.substring(0, colon);
                String value = san.substring(colon + 1);
                names.write(switch (type) {
                    case "dns" -> tlv(0x82, value.getBytes(StandardCharsets.US_ASCII));
                    case "email" -> tlv(0x81, value.getBytes(StandardCharsets.US_ASCII));
                    case "uri" -> tlv(0x86, value.getBytes(StandardCharsets.US_ASCII));
                    case "ip" -> tlv(0x87, InetAddress.getByName(value).getAddress());
                    default -> throw new IllegalArgumentException(san);
                });
            }
            ext.write(extension(new int[] {2, 5, 29, 17}, false, tlv(0x30, names.toByteArray())));
        }
        byte[] tbs = seq(tlv(0xa0, integer(BigInteger.TWO)), integer(new BigInteger(64, RANDOM).add(BigInteger.ONE)), ecdsaSha256,
                new X500Principal(issuer).getEncoded(), validity, new X500Principal(subject).getEncoded(),
                subjectKeys.getPublic().getEncoded(), tlv(0xa3, tlv(0x30, ext.toByteArray())));
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(issuerKeys.getPrivate());
        s.update(tbs);
        byte[] sig = s.sign();
        byte[] bits = new byte[sig.length + 1];
        System.arraycopy(sig, 0, bits, 1, sig.length);
        byte[] der = seq(tbs, ecdsaSha256, tlv(0x03, bits));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));
    }

    private static byte[] extension(int[] oid, boolean critical, byte[] value) throws Exception {
        return critical ? seq(oid(oid), new byte[] {0x01, 0x01, (byte) 0xff}, tlv(0x04, value)) : seq(oid(oid), tlv(0x04, value));
    }

    private static byte[] integer(BigInteger v) {
        return tlv(0x02, v.toByteArray());
    }

    private static byte[] oid(int[] arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(arcs[0] * 40 + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int v = arcs[i];
            int shift = 28;
            while (shift > 0 && (v >> shift) == 0) {
                shift -= 7;
            }
            for (; shift > 0; shift -= 7) {
                out.write(0x80 | ((v >> shift) & 0x7f));
            }
            out.write(v & 0x7f);
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] seq(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return tlv(0x30, out.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
