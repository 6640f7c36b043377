package dev.hatch.internal.security;

import dev.hatch.Scope;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks bearer tokens against the configured SHA-256 hashes. Every configured hash is compared
 * in constant time on every attempt, so neither the position of a match nor the number of
 * matching bytes shows in the response time.
 */
public final class Authenticator {
    private static final int MAX_HEADER = 1024;

    private final List<Entry> entries;
    private final CertificatePrincipals certificates;

    /** An authenticator over resolved tokens. */
    public Authenticator(List<Entry> entries) {
        this(entries, new CertificatePrincipals(List.of()));
    }

    /** An authenticator over resolved tokens and client-certificate principals. */
    public Authenticator(List<Entry> entries, CertificatePrincipals certificates) {
        if (entries.isEmpty() && certificates.isEmpty()) {
            throw new IllegalArgumentException("at least one token or certificate principal is required");
        }
        this.entries = List.copyOf(entries);
        this.certificates = certificates;
    }

    /**
     * Authenticates a request by its {@code Authorization} header or, when it has none, by the
     * client certificate presented over mutual TLS. A bearer header that is present decides
     * alone: a wrong token is not rescued by a certificate.
     */
    public Optional<Principal> authenticate(String authorization, List<X509Certificate> clientCertificates) {
        if (authorization != null) {
            return authenticate(authorization);
        }
        return certificates.principal(clientCertificates);
    }

    /**
     * Authenticates an {@code Authorization} header value.
     *
     * @return the principal, or empty when the header is missing, malformed or the token unknown
     */
    public Optional<Principal> authenticate(String authorization) {
        if (authorization == null || authorization.length() > MAX_HEADER || authorization.length() < 8
                || !authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return Optional.empty();
        }
        String token = authorization.substring(7).trim();
        if (token.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = TokenSpec.hash(token);
        Entry found = null;
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.sha256, presented) & found == null) {
                found = e;
            }
        }
        return found == null ? Optional.empty() : Optional.of(found.principal);
    }

    /** Every configured principal. */
    public List<Principal> principals() {
        List<Principal> list = new ArrayList<>();
        for (Entry e : entries) {
            list.add(e.principal);
        }
        return list;
    }

    /** A resolved token: its hash and who it stands for. */
    public static final class Entry {
        private final byte[] sha256;
        private final Principal principal;

        /** An entry for the token whose SHA-256 is given. */
        public Entry(String name, byte[] sha256, Set<Scope> scopes) {
            if (sha256.length != 32) {
                throw new IllegalArgumentException("a SHA-256 hash has 32 bytes");
            }
            this.sha256 = sha256.clone();
            this.principal = new Principal(name, scopes);
        }
    }
}
