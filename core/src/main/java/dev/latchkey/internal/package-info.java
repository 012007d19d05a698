/** Implementation details of Latchkey core; not exported, not API. */
package dev.latchkey.internal;
