/**
 * What integrations implement or drive: the request and response an adapter hands to the
 * endpoint when Hatch is mounted in another server ({@link dev.hatch.spi.HatchRequest},
 * {@link dev.hatch.spi.HatchResponse}, {@link dev.hatch.spi.Mounted}, used by {@code hatch-servlet}).
 */
package dev.hatch.spi;
