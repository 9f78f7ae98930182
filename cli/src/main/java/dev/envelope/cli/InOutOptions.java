package dev.envelope.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The input message and the output file of the commands that read a message and write a file:
 * {@code decrypt}, {@code recipients add} and {@code recipients remove}. {@link Io#checkOutput}
 * refuses to write over the input, or over an existing file without {@code --force}.
 */
final class InOutOptions {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "IN",
      description = "The message; '-' or nothing for standard input.")
  String in;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "OUT",
      description =
          "Where to write the result; '-' or nothing for standard output. Never the input"
              + " itself, never an existing file without --force.")
  String out;

  @Option(names = "--force", description = "Replace OUT when it exists.")
  boolean force;
}
