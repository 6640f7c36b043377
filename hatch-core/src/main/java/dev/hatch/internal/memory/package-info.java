/**
 * Memory routes and the wiring of the memory capabilities (GC watcher, leak detector, histograms, stored dumps).
 */
package dev.hatch.internal.memory;
