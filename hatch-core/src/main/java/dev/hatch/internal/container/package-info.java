/**
 * Container memory: the cgroup (v1 or v2) limit and usage, the process's resident memory, what the JVM
 * accounts for (pools, thread stacks, buffers, NMT) and the difference.
 */
package dev.hatch.internal.container;
