package dev.hatch.internal.heap;

import dev.hatch.internal.http.Problem;

/**
 * One byte range of a {@code Range} header (RFC 9110 §14): {@code bytes=N-}, {@code bytes=N-M}
 * or {@code bytes=-N} (the last N bytes). Several ranges in one request are refused rather than
 * answered with a multipart body: resuming a download never needs them.
 *
 * @param first the first byte, inclusive
 * @param last the last byte, inclusive
 */
record ByteRange(long first, long last) {

    /** The number of bytes in the range. */
    long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} value for this range of a file of the given length. */
    String contentRange(long total) {
        return "bytes " + first + "-" + last + "/" + total;
    }

    /**
     * Parses a header against a file length.
     *
     * @return the range, or null when there is no header (send the whole file)
     * @throws Problem 416 with {@code Content-Range: bytes * /length} when the header is malformed,
     *     asks for several ranges, or cannot be satisfied
     */
    static ByteRange parse(String header, long length) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            throw unsatisfiable(length, "only byte ranges are supported, e.g. Range: bytes=1048576-");
        }
        String spec = h.substring(6).trim();
        if (spec.contains(",")) {
            throw unsatisfiable(length, "ask for one range at a time, e.g. Range: bytes=1048576-");
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            throw unsatisfiable(length, "malformed range '" + printable(spec) + "'; use bytes=FIRST- or bytes=FIRST-LAST");
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                long suffix = number(b);
                if (suffix <= 0 || length == 0) {
                    throw unsatisfiable(length, "the range asks for no bytes");
                }
                return new ByteRange(Math.max(0, length - suffix), length - 1);
            }
            long first = number(a);
            long last = b.isEmpty() ? length - 1 : number(b);
            if (last < first) {
                throw unsatisfiable(length, "the range ends before it starts");
            }
            if (first >= length) {
                throw unsatisfiable(length, "the range starts at byte " + first + " but the dump has " + length + " bytes");
            }
            return new ByteRange(first, Math.min(last, length - 1));
        } catch (NumberFormatException e) {
            throw unsatisfiable(length, "malformed range '" + printable(spec) + "'; use bytes=FIRST- or bytes=FIRST-LAST");
        }
    }

    private static long number(String s) {
        if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(Character::isDigit)) {
            throw new NumberFormatException(s);
        }
        return Long.parseLong(s);
    }

    private static Problem unsatisfiable(long length, String detail) {
        return new Problem(416, "Range not satisfiable", detail).withHeader("Content-Range", "bytes */" + length);
    }

    private static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
