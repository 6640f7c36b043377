package dev.hatch.internal.security;

import dev.hatch.ConfigException;
import dev.hatch.Scope;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * Maps a client certificate, already verified by the TLS layer against the configured client
 * CA, to a principal: by its subject DN ({@code CN=ops,O=Example}) or by one subject
 * alternative name ({@code dns:ops.example.com}, {@code email:ops@example.com},
 * {@code uri:spiffe://example/ops}, {@code ip:10.0.0.5}). A certificate that matches no
 * configured principal authenticates nobody.
 */
public final class CertificatePrincipals {
    private static final int SAN_EMAIL = 1;
    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;
    private static final int SAN_IP = 7;

    private final List<Mapping> mappings;

    /** Principals matched in order; the first match wins. */
    public CertificatePrincipals(List<Mapping> mappings) {
        this.mappings = List.copyOf(mappings);
    }

    /** Whether any mapping is configured. */
    public boolean isEmpty() {
        return mappings.isEmpty();
    }

    /** The principal of the client's leaf certificate, if one is configured for it. */
    public Optional<Principal> principal(List<X509Certificate> chain) {
        if (chain.isEmpty() || mappings.isEmpty()) {
            return Optional.empty();
        }
        X509Certificate leaf = chain.get(0);
        for (Mapping m : mappings) {
            if (m.matches(leaf)) {
                return Optional.of(m.principal);
            }
        }
        return Optional.empty();
    }

    /** One configured certificate principal ({@code hatch.mtls.principal.NAME=MATCH}, {@code .scopes=...}). */
    public static final class Mapping {
        private final Principal principal;
        private final X500Principal subject;
        private final int sanType;
        private final String sanValue;

        /**
         * A mapping.
         *
         * @param match a subject DN, or {@code dns:}, {@code email:}, {@code uri:} or {@code ip:} followed by a SAN value
         * @throws ConfigException when the match is not a valid DN or SAN form
         */
        public Mapping(String name, String match, Set<Scope> scopes) {
            String key = "hatch.mtls.principal." + name;
            this.principal = new Principal(name, scopes);
            String m = match.trim();
            int colon = m.indexOf(':');
            String prefix = colon > 0 ? m.substring(0, colon).toLowerCase(Locale.ROOT) : "";
            int type = switch (prefix) {
                case "dns" -> SAN_DNS;
                case "email" -> SAN_EMAIL;
                case "uri" -> SAN_URI;
                case "ip" -> SAN_IP;
                default -> 0;
            };
            if (type != 0) {
                this.sanType = type;
                this.sanValue = m.substring(colon + 1).trim();
                this.subject = null;
                if (sanValue.isEmpty()) {
                    throw new ConfigException(key + ": " + prefix + ": needs a value");
                }
            } else {
                this.sanType = 0;
                this.sanValue = null;
                try {
                    this.subject = new X500Principal(m);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(key + ": '" + m + "' is neither a subject DN such as CN=ops,O=Example nor"
                            + " dns:/email:/uri:/ip: followed by a subject alternative name", e);
                }
                if (subject.getName().isEmpty()) {
                    throw new ConfigException(key + " is empty");
                }
            }
        }

        /** The principal this mapping authenticates. */
        public Principal principal() {
            return principal;
        }

        boolean matches(X509Certificate cert) {
            if (subject != null) {
                return subject.equals(cert.getSubjectX500Principal());
            }
            try {
                Collection<List<?>> sans = cert.getSubjectAlternativeNames();
                if (sans == null) {
                    return false;
                }
                for (List<?> san : sans) {
                    if (san.size() >= 2 && san.get(0) instanceof Integer t && t == sanType && san.get(1) instanceof String v
                            && (sanType == SAN_DNS || sanType == SAN_EMAIL ? v.equalsIgnoreCase(sanValue) : v.equals(sanValue))) {
                        return true;
                    }
                }
                return false;
            } catch (CertificateParsingException e) {
                return false;
            }
        }
    }
}
