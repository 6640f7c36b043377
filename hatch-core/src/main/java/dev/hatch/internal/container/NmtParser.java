package dev.hatch.internal.container;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text of {@code VM.native_memory summary}, as JDK 17 and JDK 25 print it:
 *
 * <pre>
 * Total: reserved=8034870020, committed=503030532
 * -                 Java Heap (reserved=6320816128, committed=406847488)
 *                             (mmap: reserved=6320816128, committed=406847488)
 * -        Shared class space (reserved=16777312, committed=14241888, readonly=0)
 * </pre>
 *
 * Only the {@code Total:} line and the category lines ({@code -  Name (reserved=, committed=}) are
 * read; the indented detail lines under them (malloc, mmap, arena, metaspace) differ between
 * versions and are skipped. Figures carry no unit with {@code scale=b}, else {@code KB}, {@code
 * MB} or {@code GB} (powers of 1024), which are converted to bytes.
 */
final class NmtParser {
    private static final String FIGURES =
            "\\(?reserved=(\\d+)\\s*([KMG]?B)?,\\s*committed=(\\d+)\\s*([KMG]?B)?";
    private static final Pattern TOTAL = Pattern.compile("^Total:\\s*" + FIGURES);
    private static final Pattern CATEGORY = Pattern.compile("^-\\s*(\\S.*?)\\s+" + FIGURES);
    /** NMT has a few dozen categories; more lines than this is not its output. */
    private static final int MAX_CATEGORIES = 128;

    /** The parsed summary: total and categories in bytes. */
    record Parsed(long totalReservedBytes, long totalCommittedBytes, Map<String, NmtSummary.Category> categories) {
    }

    private NmtParser() {
    }

    /** The summary, or empty when the text has no {@code Total:} line (NMT off, an error...). */
    static Optional<Parsed> parse(String text) {
        Long totalReserved = null;
        Long totalCommitted = null;
        Map<String, NmtSummary.Category> categories = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            Matcher total = TOTAL.matcher(trimmed);
            if (total.find()) {
                totalReserved = bytes(total.group(1), total.group(2));
                totalCommitted = bytes(total.group(3), total.group(4));
                continue;
            }
            Matcher category = CATEGORY.matcher(trimmed);
            if (category.find() && categories.size() < MAX_CATEGORIES) {
                Long reserved = bytes(category.group(2), category.group(3));
                Long committed = bytes(category.group(4), category.group(5));
                if (reserved != null && committed != null) {
                    categories.putIfAbsent(category.group(1), new NmtSummary.Category(reserved, committed));
                }
            }
        }
        if (totalReserved == null || totalCommitted == null) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(totalReserved, totalCommitted, categories));
    }

    private static Long bytes(String number, String unit) {
        Long value = Text.parseLong(number);
        if (value == null) {
            return null;
        }
        int shift = switch (unit == null ? "B" : unit.toUpperCase(Locale.ROOT)) {
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            default -> 0;
        };
        return value > (Long.MAX_VALUE >> shift) ? null : value << shift;
    }
}
