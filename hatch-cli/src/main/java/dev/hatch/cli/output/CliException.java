package dev.hatch.cli.output;

/**
 * A failure the command reports as one line on standard error, with its exit status. The
 * message says what happened and what to do; it never contains the token.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The operation failed: an error answer, a download that did not verify, a broken audit chain. */
    public static final int FAILED = 1;
    /** The command line is wrong or incomplete (picocli uses 2 for this too). */
    public static final int USAGE = 2;
    /** 401: the server refused the token. */
    public static final int UNAUTHORIZED = 3;
    /** 403: the token lacks a scope, or the feature is disabled. */
    public static final int FORBIDDEN = 4;
    /** 404: this Hatch version has no such route. */
    public static final int NOT_FOUND = 5;
    /** 429 or 503: rate limited, locked out or overloaded; try again later. */
    public static final int TRY_LATER = 6;
    /** No connection: refused, unknown host, connect time-out. */
    public static final int UNREACHABLE = 7;
    /** The TLS handshake failed: untrusted or mismatched certificate, missing client certificate. */
    public static final int TLS = 8;
    /** Connected, but no answer within the time limit. */
    public static final int TIMEOUT = 9;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** The process exit status for this failure. */
    public int exitCode() {
        return exitCode;
    }

    public static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    public static CliException failed(String message) {
        return new CliException(FAILED, message);
    }
}
