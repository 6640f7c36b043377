/**
 * The browser console and its sign-in page.
 */
package dev.hatch.internal.console;
