/**
 * Triggers that take and store a heap dump when a condition holds.
 */
package dev.hatch.internal.triggers;
