package dev.hatch;

import dev.hatch.internal.config.TlsSettings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * TLS for the endpoint: a server certificate from a PKCS#12 key store or from PEM files, and
 * optionally mutual TLS with client certificates mapped to principals. Only TLS 1.2 and 1.3 are
 * offered, and in TLS 1.2 only ECDHE with AES-GCM or ChaCha20-Poly1305 (no CBC). A non-loopback
 * {@code hatch.host} requires TLS.
 *
 * <pre>{@code
 * Hatch.builder()
 *     .host("0.0.0.0")
 *     .tls(t -> t.pem(Path.of("/etc/hatch/cert.pem"), Path.of("/etc/hatch/key.pem"))
 *                .clientCa(Path.of("/etc/hatch/clients-ca.pem"))
 *                .clientAuth(Tls.ClientAuth.NEED)
 *                .principal("oncall", "CN=oncall,O=Example", Scope.MONITOR, Scope.DUMP))
 *     .start();
 * }</pre>
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>default</th><th>what</th></tr>
 * <tr><td>{@code hatch.tls.keystore}</td><td>none</td><td>PKCS#12 file with the server key and certificate chain</td></tr>
 * <tr><td>{@code hatch.tls.keystore-password}</td><td>none</td><td>{@code env:VARIABLE} or {@code file:/path}; never the password itself</td></tr>
 * <tr><td>{@code hatch.tls.cert} / {@code hatch.tls.key}</td><td>none</td><td>PEM certificate chain (leaf first) and unencrypted PKCS#8 PEM private key</td></tr>
 * <tr><td>{@code hatch.tls.client-ca}</td><td>none</td><td>PEM file of the CA certificates client certificates must chain to</td></tr>
 * <tr><td>{@code hatch.tls.client-auth}</td><td>{@code none}; {@code want} when a client CA is set</td><td>{@code none}, {@code want} or {@code need}</td></tr>
 * <tr><td>{@code hatch.mtls.principal.NAME}</td><td>none</td><td>subject DN ({@code CN=ops,O=Example}) or SAN ({@code dns:}, {@code email:}, {@code uri:}, {@code ip:})</td></tr>
 * <tr><td>{@code hatch.mtls.principal.NAME.scopes}</td><td>required</td><td>the scopes of that principal</td></tr>
 * </table>
 */
public final class Tls {
    /** Whether the server asks for client certificates. */
    public enum ClientAuth {
        /** No client certificates are requested. */
        NONE,
        /** Requested; a client without one may still authenticate with a token. */
        WANT,
        /** Required: the TLS handshake fails without a certificate from the client CA. */
        NEED;

        /** The mode named by {@code text}, any case: {@code none}, {@code want} or {@code need}. */
        public static ClientAuth parse(String text) {
            for (ClientAuth a : values()) {
                if (a.name().equalsIgnoreCase(text.trim())) {
                    return a;
                }
            }
            throw new ConfigException("hatch.tls.client-auth must be none, want or need, was '" + text + "'");
        }
    }

    private Tls() {
    }

    /** Collects the TLS configuration; validated when the endpoint starts. */
    public static final class Builder {
        private final TlsSettings s;

        Builder(TlsSettings s) {
            this.s = s;
        }

        /**
         * The server key and certificate chain from a PKCS#12 file.
         *
         * @param passwordSpec {@code env:VARIABLE} or {@code file:/path}; the password itself is never accepted
         */
        public Builder keyStore(Path file, String passwordSpec) {
            s.keyStore = Objects.requireNonNull(file, "file");
            s.keyStorePassword = Objects.requireNonNull(passwordSpec, "passwordSpec");
            return this;
        }

        /** The server certificate chain (PEM, leaf first) and its unencrypted PKCS#8 PEM private key. */
        public Builder pem(Path certificateChain, Path privateKey) {
            s.certificateChain = Objects.requireNonNull(certificateChain, "certificateChain");
            s.privateKey = Objects.requireNonNull(privateKey, "privateKey");
            return this;
        }

        /** PEM file of the CA certificates that client certificates must chain to; enables mutual TLS. */
        public Builder clientCa(Path pemFile) {
            s.clientCa = Objects.requireNonNull(pemFile, "pemFile");
            return this;
        }

        /** Whether client certificates are requested. Default {@code NONE}, or {@code WANT} when a client CA is set. */
        public Builder clientAuth(ClientAuth mode) {
            s.clientAuth = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Maps client certificates to a principal.
         *
         * @param match a subject DN such as {@code CN=oncall,O=Example}, or {@code dns:}, {@code email:},
         *     {@code uri:} or {@code ip:} followed by a subject alternative name
         */
        public Builder principal(String name, String match, Scope... scopes) {
            Objects.requireNonNull(match, "match");
            if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new ConfigException("certificate principal name '" + name + "' must be 1-64 letters, digits, '_' or '-'");
            }
            if (scopes.length == 0) {
                throw new ConfigException("certificate principal '" + name + "' needs at least one scope (hatch.mtls.principal."
                        + name + ".scopes)");
            }
            if (s.principals.containsKey(name)) {
                throw new ConfigException("certificate principal '" + name + "' is configured twice");
            }
            EnumSet<Scope> set = EnumSet.noneOf(Scope.class);
            set.addAll(Arrays.asList(scopes));
            s.principals.put(name, new TlsSettings.PrincipalConfig(name, match, set));
            return this;
        }
    }

    /** One configured certificate principal. */
}
