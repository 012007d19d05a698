/** The key management API's implementation: routing, strict request reading, JSON, the console's files. */
package dev.latchkey.admin.internal;
