/**
 * The audit trail: the hash-chained JSON-lines log, its offline verifier, and the route that reads it.
 */
package dev.hatch.internal.audit;
