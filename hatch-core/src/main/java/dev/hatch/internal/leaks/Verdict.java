package dev.hatch.internal.leaks;

import java.util.Locale;

/** How sure the detector is that something leaks, in increasing order. */
public enum Verdict {
    /** No sustained growth. */
    NONE,
    /** Some growth worth watching, not (yet) a leak: too short, too small, levelling off or a single step. */
    WATCH,
    /** Sustained growth with high confidence that would exhaust its limit in days. */
    SUSPECTED,
    /** Sustained growth with very high confidence that would exhaust its limit within hours. */
    LIKELY;

    /** The lower-case name used in JSON and configuration. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the lower- or upper-case name. */
    public static Verdict parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    /** The more severe of the two. */
    Verdict max(Verdict other) {
        return compareTo(other) >= 0 ? this : other;
    }

    /** The less severe of the two. */
    Verdict min(Verdict other) {
        return compareTo(other) <= 0 ? this : other;
    }
}
