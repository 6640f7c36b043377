package dev.hatch.cli.connection;

import dev.hatch.cli.output.CliException;
import dev.hatch.cli.output.Text;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where a Hatch endpoint is: its API base URL, e.g. {@code http://127.0.0.1:9070/ops}. A URL
 * without a path means {@code /ops} on that server, so {@code http://host:9070} works too.
 */
public record Target(URI base) {
    /** The default when neither {@code --url} nor {@code HATCH_URL} is given. */
    public static final String DEFAULT = "http://127.0.0.1:9070/ops";

    /** Parses and normalises a URL given by the user; {@code where} names its source for messages. */
    public static Target parse(String url, String where) {
        String u = url.trim();
        if (!u.contains("://")) {
            throw CliException.usage(where + ": '" + Text.line(u, 80) + "' must start with http:// or https://");
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw CliException.usage(where + ": '" + Text.line(u, 80) + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw CliException.usage(where + ": '" + Text.line(u, 80) + "' must start with http:// or https://");
        }
        if (uri.getHost() == null) {
            throw CliException.usage(where + ": '" + Text.line(u, 80) + "' has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw CliException.usage(where + ": credentials do not belong in the URL; use --token-file FILE or HATCH_TOKEN");
        }
        String path = uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")
                ? "/ops" : uri.getPath().replaceAll("/+$", "");
        try {
            return new Target(new URI(scheme, null, uri.getHost(), uri.getPort(), path, null, null));
        } catch (URISyntaxException e) {
            throw CliException.usage(where + ": '" + Text.line(u, 80) + "' is not a URL: " + e.getReason());
        }
    }

    /** The absolute URI of a route below the base: {@code "/threads?format=text"} → {@code .../ops/threads?format=text}. */
    public URI resolve(String route) {
        return URI.create(base + route);
    }

    /**
     * A path the server gave us (e.g. a {@code Location} header), resolved against the base. The
     * token is sent only to the configured origin: whatever the form of the reference (absolute,
     * scheme-relative {@code //other-host/x}, or with user information), a result on another
     * scheme, host or port is refused.
     */
    public URI location(String location) {
        URI resolved;
        try {
            resolved = base.resolve(new URI(location.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw CliException.failed("the server sent a Location that is not a URL (" + Text.line(location, 80) + ")");
        }
        if (resolved.getRawUserInfo() != null || !sameOrigin(resolved)) {
            throw CliException.failed("the server sent us to another server (" + Text.line(location, 80)
                    + "); not following it with the token");
        }
        return resolved;
    }

    private boolean sameOrigin(URI u) {
        return u.getScheme() != null && u.getScheme().equalsIgnoreCase(base.getScheme())
                && u.getHost() != null && u.getHost().equalsIgnoreCase(base.getHost())
                && effectivePort(u) == effectivePort(base);
    }

    private static int effectivePort(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** {@code host:port}, for messages. */
    public String hostPort() {
        int port = base.getPort() >= 0 ? base.getPort() : base.getScheme().equals("https") ? 443 : 80;
        return base.getHost() + ":" + port;
    }

    public boolean tls() {
        return base.getScheme().equals("https");
    }

    /** Whether the host is this machine: plain HTTP there does not expose the token on a network. */
    public boolean loopback() {
        String h = base.getHost();
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+|\\[[0-9a-fA-F:.]+\\]")) {
            return false;
        }
        try {
            return InetAddress.getByName(h.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
