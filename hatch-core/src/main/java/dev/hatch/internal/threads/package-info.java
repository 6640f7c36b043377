/**
 * Thread dumps in jstack and jcmd formats, deadlocks, the busiest threads, virtual threads.
 */
package dev.hatch.internal.threads;
