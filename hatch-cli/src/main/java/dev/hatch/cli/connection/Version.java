package dev.hatch.cli.connection;

/** The CLI's version, from the jar's manifest ({@code dev} when run from classes). */
public final class Version {
    private Version() {
    }

    public static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
