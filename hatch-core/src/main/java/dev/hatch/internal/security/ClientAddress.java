package dev.hatch.internal.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The key admission control counts a client under. An IPv4 address is its own key; an IPv6
 * address counts by its /64 prefix, because one host is normally given a whole /64 and could
 * otherwise make itself a fresh address for every request.
 */
public final class ClientAddress {
    private ClientAddress() {
    }

    /** The admission key of a textual IP address, IPv6 by its /64; anything that is not a literal address is kept as it is. */
    public static String key(String address) {
        return key(address, 64);
    }

    /**
     * The admission key of a textual IP address: an IPv4 address itself, an IPv6 address by its
     * first {@code prefixBits} bits (written {@code 2001:db8:0:0:0:0:0:0/64}); anything that is
     * not a literal address is kept as it is.
     */
    public static String key(String address, int prefixBits) {
        if (address == null || address.isEmpty()) {
            return "unknown";
        }
        if (address.indexOf(':') < 0) {
            return address;
        }
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (!literal.matches("[0-9A-Fa-f:.]{2,45}")) {
            return address;
        }
        try {
            byte[] bytes = InetAddress.getByName(literal).getAddress(); // a literal: no name lookup
            if (bytes.length == 4) {
                return InetAddress.getByAddress(bytes).getHostAddress(); // IPv4-mapped
            }
            if (isLoopback(bytes)) {
                return "::1";
            }
            if (prefixBits == 64) {
                StringBuilder sb = new StringBuilder(24);
                for (int i = 0; i < 8; i += 2) {
                    sb.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
                }
                return sb.append(":/64").toString();
            }
            int bits = Math.max(0, Math.min(128, prefixBits));
            for (int i = 0; i < 16; i++) {
                int keep = Math.max(0, Math.min(8, bits - i * 8));
                bytes[i] &= (byte) (0xff00 >> keep);
            }
            return InetAddress.getByAddress(bytes).getHostAddress() + "/" + bits;
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private static boolean isLoopback(byte[] v6) {
        for (int i = 0; i < 15; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[15] == 1;
    }
}
