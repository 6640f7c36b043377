/**
 * The request pipeline (admission, authentication, scope check, audit, handler), routing, problem details and JSON.
 */
package dev.hatch.internal.http;
