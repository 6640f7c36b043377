package dev.hatch.internal.http;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Evaluates {@code If-Range} as RFC 9110 §13.1.5 says: the validator is either an entity tag,
 * which matches only by strong comparison (neither weak, same opaque tag), or an HTTP-date,
 * which matches only when it equals {@code Last-Modified} exactly and that date is a strong
 * validator (at least one second before the response's {@code Date}: a file changed twice in
 * the same second has one date). When it does not match, the range is ignored and the whole
 * representation is sent with 200, so a client never splices bytes of two different files.
 */
public final class IfRange {
    private IfRange() {
    }

    /**
     * Whether a {@code Range} may be honoured.
     *
     * @param header the {@code If-Range} value, or {@code null} (no condition: honour the range)
     * @param etag the current strong entity tag, quotes included
     * @param lastModified the representation's last modification
     * @param now the time the response is generated (its {@code Date})
     */
    public static boolean allowsRange(String header, String etag, Instant lastModified, Instant now) {
        if (header == null) {
            return true;
        }
        String v = header.trim();
        if (v.startsWith("W/")) {
            return false; // a weak entity tag never matches
        }
        if (v.startsWith("\"")) {
            return v.equals(etag);
        }
        Instant date = HttpDates.parse(v);
        if (date == null) {
            return false;
        }
        Instant modified = lastModified.truncatedTo(ChronoUnit.SECONDS);
        boolean strong = !modified.plusSeconds(1).isAfter(now.truncatedTo(ChronoUnit.SECONDS));
        return strong && date.equals(modified);
    }
}
