package dev.hatch;

import java.util.Objects;

/**
 * A check the application registers so that {@code GET /ops/health} reports on it.
 *
 * <pre>{@code
 * Hatch.builder()
 *     .healthCheck("database", () -> pool.isRunning() ? HealthCheck.Result.up() : HealthCheck.Result.down("pool closed"))
 * }</pre>
 *
 * A check that throws or takes longer than its time limit counts as down; the exception's class
 * name, never its stack trace, is reported.
 */
@FunctionalInterface
public interface HealthCheck {

    /** Runs the check. Should be quick: it runs on every health request. */
    Result check() throws Exception;

    /**
     * The outcome of a check.
     *
     * @param healthy whether the checked component works
     * @param detail a short, non-secret explanation for the operator, or {@code null}
     */
    record Result(boolean healthy, String detail) {
        /** A healthy result without detail. */
        public static Result up() {
            return new Result(true, null);
        }

        /** A healthy result with a short detail, e.g. {@code "12 connections"}. */
        public static Result up(String detail) {
            return new Result(true, detail);
        }

        /** An unhealthy result; the detail tells the operator what is wrong. */
        public static Result down(String detail) {
            return new Result(false, Objects.requireNonNull(detail, "detail"));
        }
    }
}
