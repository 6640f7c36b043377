package dev.hatch.internal.endpoint;

import dev.hatch.ConfigException;
import dev.hatch.Tls;
import dev.hatch.internal.config.TlsSettings;
import dev.hatch.internal.security.CertificatePrincipals;
import dev.hatch.internal.security.SecretSpec;
import dev.hatch.internal.security.TlsFiles;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;

/** Turns the {@link Tls} configuration into a TLS context and certificate principals, validating it whole. */
final class TlsSetup {
    private TlsSetup() {
    }

    /** The server's TLS context, or {@code null} when TLS is not configured. */
    static SSLContext context(TlsSettings t) {
        if (!t.configured()) {
            if (t.clientCa != null || !t.principals.isEmpty() || t.clientAuth != null && t.clientAuth != Tls.ClientAuth.NONE) {
                throw new ConfigException("hatch.tls.client-ca, hatch.tls.client-auth and hatch.mtls.principal.* need TLS:"
                        + " configure hatch.tls.cert and hatch.tls.key, or hatch.tls.keystore");
            }
            return null;
        }
        if (t.keyStore != null && (t.certificateChain != null || t.privateKey != null)) {
            throw new ConfigException("configure either hatch.tls.keystore or hatch.tls.cert and hatch.tls.key, not both");
        }
        KeyStore keys;
        char[] password;
        if (t.keyStore != null || t.keyStorePassword != null) {
            if (t.keyStore == null) {
                throw new ConfigException("hatch.tls.keystore-password is set but hatch.tls.keystore is missing");
            }
            if (t.keyStorePassword == null) {
                throw new ConfigException("hatch.tls.keystore needs hatch.tls.keystore-password (env:VARIABLE or file:/path)");
            }
            password = SecretSpec.read("hatch.tls.keystore-password", t.keyStorePassword);
            keys = TlsFiles.pkcs12(t.keyStore, password);
        } else {
            if (t.certificateChain == null || t.privateKey == null) {
                throw new ConfigException("hatch.tls.cert and hatch.tls.key must be configured together");
            }
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            password = Base64.getEncoder().encodeToString(random).toCharArray(); // protects the in-memory store only
            keys = TlsFiles.pem(t.certificateChain, t.privateKey, password);
        }
        KeyStore trust = t.clientCa == null ? null : TlsFiles.trustStore(t.clientCa);
        if (trust == null && t.effectiveClientAuth() != Tls.ClientAuth.NONE) {
            throw new ConfigException("hatch.tls.client-auth=" + t.effectiveClientAuth().name().toLowerCase(java.util.Locale.ROOT)
                    + " needs hatch.tls.client-ca, the CA that client certificates must chain to");
        }
        if (!t.principals.isEmpty() && trust == null) {
            throw new ConfigException("hatch.mtls.principal.* needs hatch.tls.client-ca");
        }
        try {
            return TlsFiles.context(keys, password, trust);
        } finally {
            Arrays.fill(password, (char) 0);
        }
    }

    /** The certificate principals; a name may not also be a token name. */
    static CertificatePrincipals principals(TlsSettings t, Set<String> tokenNames) {
        List<CertificatePrincipals.Mapping> mappings = new ArrayList<>();
        for (TlsSettings.PrincipalConfig p : t.principals.values()) {
            if (tokenNames.contains(p.name())) {
                throw new ConfigException("'" + p.name() + "' is both a token (hatch.token." + p.name()
                        + ") and a certificate principal (hatch.mtls.principal." + p.name() + "); use different names");
            }
            mappings.add(new CertificatePrincipals.Mapping(p.name(), p.match(), p.scopes()));
        }
        return new CertificatePrincipals(mappings);
    }
}
