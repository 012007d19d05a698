/**
 * The {@code latchkey} command-line tool: one class per command, dispatched by picocli from
 * {@link dev.latchkey.examples.cli.LatchkeyCommand}. Not exported; run it with
 * {@code java -jar latchkey.jar <command>}.
 */
package dev.latchkey.examples.cli;
