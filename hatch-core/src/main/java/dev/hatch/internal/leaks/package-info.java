/**
 * The leak detector: GC-driven heap samples, trends, class histograms, suspects and the leak report.
 */
package dev.hatch.internal.leaks;
