/**
 * What the host adapters share: the request-attribute name of the principal, the parsing of raw
 * query strings and address literals, and the response a denial becomes. Not exported.
 */
package dev.latchkey.examples.internal;
