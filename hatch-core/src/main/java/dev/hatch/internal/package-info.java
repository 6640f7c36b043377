/**
 * Hatch's implementation. Nothing under {@code dev.hatch.internal} is API: names, signatures
 * and packages change without notice. The pipeline lives in {@code http} and {@code security},
 * the wiring in {@code endpoint}, the settings in {@code config}, and each capability in a
 * package of its own (see {@code docs/architecture.md}).
 */
package dev.hatch.internal;
