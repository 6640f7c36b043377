package dev.hatch.cli;

/**
 * A failure the command reports as one line on standard error, with its exit status. The
 * message says what happened and what to do; it never contains the token.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The operation failed: an error answer, a download that did not verify, a broken audit chain. */
    static final int FAILED = 1;
    /** The command line is wrong or incomplete (picocli uses 2 for this too). */
    static final int USAGE = 2;
    /** 401: the server refused the token. */
    static final int UNAUTHORIZED = 3;
    /** 403: the token lacks a scope, or the feature is disabled. */
    static final int FORBIDDEN = 4;
    /** 404: this Hatch version has no such route. */
    static final int NOT_FOUND = 5;
    /** 429 or 503: rate limited, locked out or overloaded; try again later. */
    static final int TRY_LATER = 6;
    /** No connection: refused, unknown host, connect time-out. */
    static final int UNREACHABLE = 7;
    /** The TLS handshake failed: untrusted or mismatched certificate, missing client certificate. */
    static final int TLS = 8;
    /** Connected, but no answer within the time limit. */
    static final int TIMEOUT = 9;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** The process exit status for this failure. */
    int exitCode() {
        return exitCode;
    }

    static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    static CliException failed(String message) {
        return new CliException(FAILED, message);
    }
}
