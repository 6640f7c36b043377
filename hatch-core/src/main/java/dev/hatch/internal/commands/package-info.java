/**
 * The application's own maintenance commands: argument checking and the {@code /ops/commands} routes.
 */
package dev.hatch.internal.commands;
