package dev.hatch.internal.http;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110 §5.6.7). Hatch sends IMF-fixdate only ({@code Thu, 03 Dec 2026 09:05:07 GMT}:
 * always two-digit days, English names, GMT) and reads the two obsolete forms as well, as the
 * RFC asks of a recipient. {@link DateTimeFormatter#RFC_1123_DATE_TIME} is not IMF-fixdate: it
 * drops the day's leading zero ({@code Thu, 3 Dec 2026}), which strict caches and clients reject.
 */
public final class HttpDates {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    /** RFC 850: {@code Sunday, 06-Nov-94 08:49:37 GMT}; two-digit years are read as 19xx or 20xx below. */
    private static final DateTimeFormatter RFC_850 = DateTimeFormatter.ofPattern("dd-MMM-yy HH:mm:ss 'GMT'", Locale.US);
    /** asctime: {@code Sun Nov  6 08:49:37 1994}. */
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("MMM d HH:mm:ss yyyy", Locale.US);

    private HttpDates() {
    }

    /** The instant as IMF-fixdate, truncated to the second. */
    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Parses any of the three HTTP-date forms.
     *
     * @return the instant, or {@code null} when the text is not an HTTP-date (a caller then
     *     treats the condition as false, never as an error)
     */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.length() > 40) {
            return null;
        }
        try {
            int comma = s.indexOf(',');
            if (comma == 3) {
                Instant t = Instant.from(IMF_FIXDATE.parse(s));
                return dayMatches(s.substring(0, 3), t) ? t : null;
            }
            if (comma > 3) {
                LocalDateTime local = LocalDateTime.parse(s.substring(comma + 1).trim(), RFC_850);
                // RFC 9110: a two-digit year more than 50 years in the future means the past century.
                if (local.getYear() > Instant.now().atOffset(ZoneOffset.UTC).getYear() + 50) {
                    local = local.minusYears(100);
                }
                Instant t = local.toInstant(ZoneOffset.UTC);
                return dayMatches(s.substring(0, comma), t) ? t : null;
            }
            if (s.length() > 4 && s.charAt(3) == ' ') {
                Instant t = LocalDateTime.parse(s.substring(4).replaceAll(" +", " "), ASCTIME).toInstant(ZoneOffset.UTC);
                return dayMatches(s.substring(0, 3), t) ? t : null;
            }
            return null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean dayMatches(String name, Instant t) {
        DayOfWeek day = t.atOffset(ZoneOffset.UTC).getDayOfWeek();
        String full = day.getDisplayName(TextStyle.FULL, Locale.US);
        return name.equals(full) || name.equals(day.getDisplayName(TextStyle.SHORT, Locale.US));
    }
}
