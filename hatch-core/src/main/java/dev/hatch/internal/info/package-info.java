/**
 * Service information, environment and health routes.
 */
package dev.hatch.internal.info;
