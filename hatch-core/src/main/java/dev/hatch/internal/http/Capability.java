package dev.hatch.internal.http;

import java.util.List;

/**
 * One capability of the endpoint (thread dumps, heap dumps, leaks, JFR, loggers, the REPL...):
 * the routes it serves, and its life. The endpoint builds each from the settings, collects the
 * routes of all of them into one router, starts them once the pipeline stands, and closes them
 * when it closes (or when the start fails half-way), in the order they were built.
 */
public interface Capability extends AutoCloseable {

    /** The routes this capability serves; each goes through the whole pipeline. */
    List<Route> routes();

    /** Starts background work once the endpoint is up; returns at once. Default: nothing to start. */
    default void start() {
    }

    /** Stops background work and releases what it holds; never throws. Default: nothing to release. */
    @Override
    default void close() {
    }
}
