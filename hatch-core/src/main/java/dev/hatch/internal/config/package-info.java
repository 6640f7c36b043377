/**
 * Settings as the builder and the properties file collect them, and the grammars of their values.
 */
package dev.hatch.internal.config;
