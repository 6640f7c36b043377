/**
 * Hatch's pipeline and handlers in memory, for tests: {@link dev.hatch.testkit.HatchTestKit}
 * builds an endpoint without its HTTP server, {@link dev.hatch.testkit.Call} sends one request
 * through it, {@link dev.hatch.testkit.Reply} is the answer.
 */
package dev.hatch.testkit;
