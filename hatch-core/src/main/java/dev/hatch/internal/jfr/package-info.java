/**
 * Flight recordings: the continuous recording, profiles, flame graphs, and keeping secrets out of recordings.
 */
package dev.hatch.internal.jfr;
