package dev.hatch.internal.config;

import dev.hatch.Scope;
import dev.hatch.Tls.ClientAuth;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The state behind {@link dev.hatch.Tls.Builder}. Internal. */
public final class TlsSettings {
    public Path keyStore;
    public String keyStorePassword;
    public Path certificateChain;
    public Path privateKey;
    public Path clientCa;
    public ClientAuth clientAuth;
    public final Map<String, PrincipalConfig> principals = new LinkedHashMap<>();

    public boolean configured() {
        return keyStore != null || certificateChain != null || privateKey != null || keyStorePassword != null;
    }

    public ClientAuth effectiveClientAuth() {
        return clientAuth != null ? clientAuth : clientCa != null ? ClientAuth.WANT : ClientAuth.NONE;
    }

    /** A certificate principal as configured: the name, what its certificate must match, its scopes. */
    public record PrincipalConfig(String name, String match, Set<Scope> scopes) {
    }
}
