/**
 * The public API of Hatch: what an application calls to start a maintenance endpoint inside its JVM.
 *
 * <p>{@link dev.hatch.Hatch#builder()} is the entry point; {@link dev.hatch.Scope} names what a
 * credential may do; {@link dev.hatch.HealthCheck} and {@link dev.hatch.Command} are how the
 * application adds its own checks and maintenance commands; {@link dev.hatch.Limits} and
 * {@link dev.hatch.Tls} configure the transport. These types, and those of
 * {@link dev.hatch.spi}, are the only ones whose compatibility Hatch keeps: everything under
 * {@code dev.hatch.internal} may change in any release.
 */
package dev.hatch;
