/**
 * Credentials, scopes, admission (rate limits, lockout, connection and handler-slot limits), masking and private files.
 */
package dev.hatch.internal.security;
