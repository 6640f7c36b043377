package dev.hatch.servlet;

import dev.hatch.ConfigException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the servlet adapter takes the client's address from: the address Hatch's lockout,
 * rate limits and audit log count a caller under.
 *
 * <ul>
 * <li>{@link #remoteAddr()} (the default): {@code HttpServletRequest.getRemoteAddr()}, as the
 * container reports it. Containers can be configured to rewrite it from {@code X-Forwarded-For}
 * (Tomcat's {@code RemoteIpValve}, Jetty's {@code ForwardedRequestCustomizer}, Spring's
 * {@code ForwardedHeaderFilter}, {@code server.forward-headers-strategy}); when such a rewrite
 * trusts any sender, a caller chooses its own address and escapes the lockout.</li>
 * <li>{@link #header(String, String...)}: the named header ({@code X-Forwarded-For} or a
 * single-address header such as {@code X-Real-IP}), trusted only as far as the hops are
 * listed proxies. The container must then leave {@code getRemoteAddr()} alone (the TCP peer).
 * Walking from the peer towards the client, the first address that is not a trusted proxy is
 * the client; a malformed entry stops the walk at the proxy that added it. A peer that is not
 * a trusted proxy is the client, whatever the header says.</li>
 * </ul>
 *
 * As a servlet init-parameter: {@code clientAddress=remote-addr} or
 * {@code clientAddress=header:X-Forwarded-For} with {@code trustedProxies=10.0.0.0/8,::1}.
 */
public final class ClientAddressSource {
    /** The init-parameter naming the source. */
    public static final String CLIENT_ADDRESS_PARAM = "clientAddress";
    /** The init-parameter listing the trusted proxies (addresses or CIDR blocks, comma-separated). */
    public static final String TRUSTED_PROXIES_PARAM = "trustedProxies";
    /** At most this many hops of the header are looked at; a longer chain stops at the last one looked at. */
    private static final int MAX_HOPS = 32;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");

    private final String header;
    private final List<Block> trusted;

    private ClientAddressSource(String header, List<Block> trusted) {
        this.header = header;
        this.trusted = trusted;
    }

    /** {@code getRemoteAddr()} as the container reports it (the default). */
    public static ClientAddressSource remoteAddr() {
        return new ClientAddressSource(null, List.of());
    }

    /**
     * The named header, trusted only when the request comes through the given proxies.
     *
     * @param name the header, e.g. {@code X-Forwarded-For}
     * @param trustedProxies addresses or CIDR blocks such as {@code 10.0.0.0/8} or {@code fd00::/8}; at least one
     * @throws ConfigException when the name or a proxy is malformed, or no proxy is given
     */
    public static ClientAddressSource header(String name, String... trustedProxies) {
        if (name == null || !HEADER_NAME.matcher(name).matches()) {
            throw new ConfigException(CLIENT_ADDRESS_PARAM + ": '" + name + "' is not a header name");
        }
        List<Block> blocks = new ArrayList<>();
        for (String p : trustedProxies) {
            if (p != null && !p.isBlank()) {
                blocks.add(Block.parse(p.trim()));
            }
        }
        if (blocks.isEmpty()) {
            throw new ConfigException(CLIENT_ADDRESS_PARAM + "=header:" + name + " needs " + TRUSTED_PROXIES_PARAM
                    + ": the proxies whose " + name + " is believed (e.g. 10.0.0.0/8); anyone else could send it");
        }
        return new ClientAddressSource(name, List.copyOf(blocks));
    }

    /**
     * The source an init-parameter names: {@code remote-addr} or {@code header:NAME}.
     *
     * @param trustedProxies comma-separated addresses or CIDR blocks; required with {@code header:}
     */
    public static ClientAddressSource parse(String spec, String trustedProxies) {
        String s = spec == null ? "" : spec.trim();
        if (s.equals("remote-addr")) {
            if (trustedProxies != null && !trustedProxies.isBlank()) {
                throw new ConfigException(TRUSTED_PROXIES_PARAM + " is set but " + CLIENT_ADDRESS_PARAM
                        + " is remote-addr, which reads no header; use header:X-Forwarded-For");
            }
            return remoteAddr();
        }
        if (s.toLowerCase(Locale.ROOT).startsWith("header:")) {
            return header(s.substring("header:".length()).trim(), trustedProxies == null ? new String[0] : trustedProxies.split(","));
        }
        throw new ConfigException(CLIENT_ADDRESS_PARAM + " must be remote-addr or header:NAME (e.g. header:X-Forwarded-For), was '"
                + spec + "'");
    }

    /** The client's address for this request. */
    String clientAddress(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (header == null) {
            return peer;
        }
        return choose(peer, request.getHeaders(header) == null ? List.of() : Collections.list(request.getHeaders(header)));
    }

    /** The walk from the peer through the header's hops, right to left; see the class comment. */
    String choose(String peer, List<String> headerValues) {
        if (header == null || !isTrusted(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String value : headerValues) {
            for (String hop : value.split(",", -1)) {
                hops.add(hop.trim());
            }
        }
        String current = peer;
        int looked = 0;
        for (int i = hops.size() - 1; i >= 0 && looked < MAX_HOPS; i--, looked++) {
            byte[] address = literal(hops.get(i));
            if (address == null) {
                return current; // not an address: the proxy that added it is as far as we can trust
            }
            String hop = text(address);
            if (!isTrusted(hop)) {
                return hop;
            }
            current = hop;
        }
        return current;
    }

    private boolean isTrusted(String address) {
        byte[] a = literal(address);
        if (a == null) {
            return false;
        }
        for (Block b : trusted) {
            if (b.contains(a)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return header == null ? "remote-addr" : "header:" + header + " trusted from " + trusted;
    }

    /** The bytes of an IP literal (an IPv4 address may carry a port, an IPv6 one brackets and a port); never a name lookup. */
    static byte[] literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return null;
        }
        String s = text;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            s = s.substring(1, close);
        } else if (s.indexOf(':') == s.lastIndexOf(':') && s.indexOf(':') > 0) {
            s = s.substring(0, s.indexOf(':')); // a.b.c.d:port
        }
        if (IPV4.matcher(s).matches()) {
            for (String octet : s.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null; // else InetAddress would take it for a host name and look it up
                }
            }
        } else if (!(s.contains(":") && IPV6.matcher(s).matches())) {
            return null;
        }
        try {
            // Only literals reach this point: InetAddress parses them without a lookup.
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String text(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // a 4- or 16-byte array is always an address
        }
    }

    /** An address block: an address and a prefix length. */
    private record Block(byte[] address, int bits, String text) {
        static Block parse(String spec) {
            int slash = spec.indexOf('/');
            String addr = slash < 0 ? spec : spec.substring(0, slash);
            byte[] a = literal(addr);
            if (a == null || addr.startsWith("[")) {
                throw new ConfigException(TRUSTED_PROXIES_PARAM + ": '" + spec + "' is not an IP address or CIDR block");
            }
            int bits = a.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(spec.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > a.length * 8) {
                    throw new ConfigException(TRUSTED_PROXIES_PARAM + ": '" + spec + "' has a bad prefix length");
                }
            }
            return new Block(a, bits, spec);
        }

        boolean contains(byte[] other) {
            if (other.length != address.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (other[i] != address[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (other[full] & mask) == (address[full] & mask);
        }

        @Override
        public String toString() {
            return text;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Block b && b.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }
    }
}
