/**
 * Heap dumps: taking them in a private directory, streaming them (ranges, gzip), storing them.
 */
package dev.hatch.internal.heap;
