/**
 * The {@code latchkey} command-line tool: one class per command, dispatched by picocli from
 * {@link dev.latchkey.cli.LatchkeyCommand}. Not exported; run it with
 * {@code java -jar latchkey.jar <command>}.
 */
package dev.latchkey.cli;
