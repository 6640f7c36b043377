/** Threads for Hatch's own work: named daemons that carry nothing of their creator's. */
package dev.hatch.internal.concurrent;
